/**
 * Generates a large, realistic store for benchmarks: plans with themes, numbered actions with
 * owners, date expressions of every kind, and people with emails.
 */
import { StoreData, type Action, type DateExpr, type Person } from '../src/domain/model.js';

const FIRST = ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Aisha', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Hari', 'Isla', 'Jack', 'Kim', 'Leo', 'Maya', 'Nia', 'Owen'];
const LAST = ['Smith', 'Jones', 'Patel', 'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Khan', 'Walker', 'Wright', 'Hughes', 'Green', 'Hall', 'Wood', 'Clarke', 'Jackson', 'Hill'];
const VERBS = ['Review', 'Deliver', 'Implement', 'Embed', 'Refresh', 'Develop', 'Launch', 'Complete', 'Procure', 'Pilot'];
const NOUNS = ['savings plans', 'risk register', 'member training', 'digital inclusion plan', 'community hubs', 'asset valuations', 'information governance', 'workforce strategy', 'contract management', 'complaints process'];

function target(i: number): DateExpr {
  const year = 2019 + (i % 4);
  switch (i % 6) {
    case 0:
      return { kind: 'ongoing', raw: 'Ongoing' };
    case 1:
      return { kind: 'year', raw: `${year} (TBC)`, value: year, tentative: true };
    default: {
      const month = String((i % 12) + 1).padStart(2, '0');
      return { kind: 'month', raw: `${month}/${year}`, value: `${year}-${month}`, yearBasis: 'stated', tentative: false };
    }
  }
}

export function generateStore(actionCount: number, peopleCount: number): StoreData {
  const people: Person[] = [];
  for (let i = 0; i < peopleCount; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 400 ? ` ${i}` : ''}`;
    people.push({ id: `p-${i}`, name, aliases: [], email: `person${i}@council.example`, kind: 'officer', roleNotes: [], version: 1 });
  }
  const plansCount = 10;
  const perPlan = Math.ceil(actionCount / plansCount);
  const actions: Action[] = [];
  const statuses = ['COMPLETED', 'IN_PROGRESS', 'ON_TRACK', 'SLIPPED', 'NOT_STARTED', 'UNKNOWN'] as const;
  for (let i = 0; i < actionCount; i++) {
    const plan = Math.floor(i / perPlan);
    const within = i % perPlan;
    const theme = Math.floor(within / 100) + 1;
    const lead = people[(i * 7) % peopleCount]!;
    const delivery = people[(i * 13 + 5) % peopleCount]!;
    actions.push({
      id: `plan${plan}-${theme}.${(within % 100) + 1}`,
      planId: `plan${plan}`,
      themeId: `plan${plan}-t${theme}`,
      number: `${theme}.${(within % 100) + 1}`,
      title: `${VERBS[i % VERBS.length]} ${NOUNS[(i * 3) % NOUNS.length]} for area ${i}`,
      bullets: [],
      refCodes: [],
      owners: [
        { role: 'lead', personId: lead.id, raw: lead.name },
        { role: 'deliveryLead', personId: delivery.id, raw: delivery.name },
      ],
      delegateIds: [],
      originalTarget: target(i),
      revisions: [],
      milestones: [],
      status: { canonical: statuses[i % statuses.length]!, raw: undefined, asAt: '2020-09-30' },
      commentary: `Progress note ${i}: work continues with partners.`,
      dependsOn: [],
      bodiesMentioned: [],
      sensitivity: 'public',
      version: 1,
    });
  }
  return StoreData.parse({
    councils: [{ id: 'bench', name: 'Benchmark Council' }],
    people,
    plans: Array.from({ length: plansCount }, (_, p) => ({ id: `plan${p}`, councilId: 'bench', title: `Benchmark Plan ${p}`, abbreviation: `BP${p}` })),
    themes: Array.from({ length: plansCount * Math.ceil(perPlan / 100) }, (_, t) => {
      const p = Math.floor(t / Math.ceil(perPlan / 100));
      const n = (t % Math.ceil(perPlan / 100)) + 1;
      return { id: `plan${p}-t${n}`, planId: `plan${p}`, number: n, name: `Theme ${n}` };
    }),
    actions,
  });
}
