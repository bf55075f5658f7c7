/**
 * Every utterance a feature teaches the bot reaches its own kind of question when its placeholders
 * are filled with real names from the demo data, the way people would write them: numbers, titles,
 * descriptions, misspelt names, dates in every form. A placeholder filled differently on each
 * utterance (round robin) so that no one filling carries the corpus.
 */
import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../src/chat/understanding/shape.js';
import { createFeatures } from '../../src/features/index.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { offlineServices } from '../../src/offline.js';
import { ChatRouter } from '../../src/chat/router.js';
import { demoData } from '../helpers/chat-context.js';

const FILLINGS: Record<string, string[]> = {
  action: ['2.2', '5.10', 'Pub is the Hub', 'the risk register one', 'the MTFP timetable', 'action 4.1', 'the capitalisation rates one', 'staffs-cdp-12', 'the asset valuations'],
  owner: ['Tilly Flanagan', 'Heather Greenan', 'Joe Sullivan', 'Tilly Flannagan', 'Lucy Hegarty'],
  person: ['Tilly Flanagan', 'Heather Greenan'],
  group: ['SDMs'],
  plan: ['the CIP', 'the delivery plan', 'the Corporate Improvement Plan', 'the AGS'],
  council: ['Derby', 'Staffordshire', 'Stoke'],
  theme: ['theme 5', 'Robust internal controls', 'Place Based Approach', 'theme 8'],
  committee: ['the Corporate Review Committee', 'CRC', 'Corporate Review'],
  decision: ['the Social Media Management System decision', 'the Covid-19 Recovery Fund decision'],
  topic: ['Digital Strategy', 'Apprenticeship Levy', 'Equal Opportunities'],
  day: ['17 November 2020', '16/09/2022', 'tomorrow', 'next Weds', 'Friday 16 September 2022', '3/12'],
  date: ['17 November 2020', '16/09/2022'],
  period: ['this month', 'this quarter', 'in March 2021', 'w/c 7 Dec', 'next month', 'Q3', 'in the next 6 weeks'],
  status: ['slipped', 'on track', 'done'],
  thing: ['the scrutiny training', 'the parking review', 'the library hours one'],
  me: ['me'],
};

function fill(utterance: string, n: number): string {
  let i = n;
  return utterance.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const options = FILLINGS[name];
    if (!options) throw new Error(`no filling for {${name}}`);
    i += 1;
    return options[i % options.length]!;
  });
}

describe('the training corpus', () => {
  const store = new MemoryStore(demoData());
  const features = createFeatures(offlineServices(store));
  const questions = features.all.flatMap((f) => f.questions ?? []);
  const router = new ChatRouter([], questions);
  const utterances = questions.flatMap((q) => q.utterances.map((u) => ({ kind: q.kind, utterance: u })));

  it('covers every placeholder the utterances use with a filling', () => {
    for (const name of PLACEHOLDERS) expect(Object.keys(FILLINGS)).toContain(name);
  });

  it('every utterance, filled with real names, reaches its own kind of question', async () => {
    const snapshot = await store.snapshot();
    const now = new Date('2020-11-20T12:00:00Z');
    const wrong: string[] = [];
    utterances.forEach(({ kind, utterance }, n) => {
      const text = fill(utterance, n);
      const best = router.understanding.read(text, snapshot, now).readings[0];
      if (best?.kind !== kind) wrong.push(`${kind} <- "${text}" (read as ${best?.kind} ${best?.probability.toFixed(2)})`);
    });
    // Reported in full when it fails: each line is an utterance to reword or a recogniser to fix.
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('never names real people, plans or numbers from the demo data in an utterance', () => {
    const data = demoData();
    const names = [...data.people.map((p) => p.name), ...data.plans.flatMap((p) => [p.abbreviation ?? '', p.title]), ...data.committees.map((c) => c.name)].filter((n) => n.length > 3);
    const offending = utterances.filter(({ utterance }) => names.some((n) => utterance.toLowerCase().includes(n.toLowerCase())) || /\b\d+\.\d+\b/.test(utterance));
    expect(offending.map((o) => o.utterance)).toEqual([]);
  });
});
