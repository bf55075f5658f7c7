/**
 * Everyone's own digest in chat: "show my digest", "stop my digest", "start my digest",
 * "send my digest on Fridays at 4pm" and "send my digest at the usual time", each saved with an
 * audit entry, and only in a personal chat.
 */
import { digestLeadIds } from '../../domain/digest/index.js';
import { DIGEST_PREFERENCES_COLLECTION, DigestPreference, describeCron, describeSchedule, digestPreferences, parsePersonalSchedule, type PersonalSchedule } from '../../domain/digest/schedule.js';
import { planDigest } from './service.js';
import { digestReply } from './view.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type DigestDeps, audit, currentSchedule, personalOnly, unknownUser } from './common.js';

/** Writes a person's digest preference (with an audit entry), unless it would not change. */
async function savePreference(deps: DigestDeps, ctx: ChatContext, change: { optedOut?: boolean; schedule?: PersonalSchedule | null }, command: string): Promise<DigestPreference> {
  const personId = ctx.asker.person!.id;
  return deps.store.transact(`digest-preference:${command}`, (tx) => {
    const parsed = DigestPreference.safeParse(tx.extGet(DIGEST_PREFERENCES_COLLECTION, personId));
    const before = parsed.success ? parsed.data : undefined;
    const after: DigestPreference = {
      id: personId,
      optedOut: change.optedOut ?? before?.optedOut ?? false,
      updatedAt: ctx.now.toISOString(),
      updatedBy: ctx.asker.person?.id,
    };
    const schedule = change.schedule === null ? undefined : (change.schedule ?? before?.schedule);
    if (schedule) after.schedule = schedule;
    tx.extPut(DIGEST_PREFERENCES_COLLECTION, after);
    tx.put('audit', audit(ctx, { command, entity: 'digest-preference', entityId: personId, before, after }));
    return after;
  });
}

export async function stopMyDigest(deps: DigestDeps, ctx: ChatContext): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
  if (preference?.optedOut) {
    return messageReply({ title: 'Your weekly digest is already stopped.', body: 'Say "start my digest" to have it back.', choices: [{ title: 'Start my digest', ask: 'start my digest' }] });
  }
  await savePreference(deps, ctx, { optedOut: true }, 'digest:opt-out');
  return messageReply({
    title: "Done: you won't get the weekly digest any more.",
    body: 'You can still ask "show my digest" whenever you like. Say "start my digest" to have it back.',
    choices: [{ title: 'Start my digest', ask: 'start my digest' }],
  });
}

export async function startMyDigest(deps: DigestDeps, ctx: ChatContext): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
  const leads = new Set(digestLeadIds(ctx.snapshot));
  const note = leads.has(ctx.asker.person.id) ? undefined : 'You are not named as the owner of any open action at the moment, so it may have nothing to say until you are.';
  if (!preference?.optedOut) {
    return messageReply({ title: `You already get the weekly digest, ${currentSchedule(deps, preference)}.`, notes: note ? [note] : [], choices: [{ title: 'Show my digest', ask: 'show my digest' }] });
  }
  const saved = await savePreference(deps, ctx, { optedOut: false }, 'digest:opt-in');
  return messageReply({
    title: `Done: your weekly digest is back on, ${currentSchedule(deps, saved)}.`,
    notes: note ? [note] : [],
    choices: [{ title: 'Show my digest', ask: 'show my digest' }],
  });
}

export async function scheduleMyDigest(deps: DigestDeps, ctx: ChatContext, when: string): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  if (/\b(usual|normal|default|standard)\b/i.test(when)) {
    const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
    if (!preference?.schedule) return messageReply({ title: `Your digest already comes at the usual time, ${describeCron(deps.service.settings.DIGEST_CRON)}.` });
    await savePreference(deps, ctx, { schedule: null }, 'digest:schedule-default');
    return messageReply({ title: `Done: your digest comes at the usual time again, ${describeCron(deps.service.settings.DIGEST_CRON)}.` });
  }
  const parsed = parsePersonalSchedule(when);
  if (!parsed.ok) {
    return messageReply({
      title: `I couldn't read "${when.length > 60 ? `${when.slice(0, 57)}...` : when}" as a day and time.`,
      body: parsed.problem,
      notes: ['Nothing was changed.'],
    });
  }
  const saved = await savePreference(deps, ctx, { schedule: parsed.schedule, optedOut: false }, 'digest:schedule');
  return messageReply({
    title: `Done: your digest will come ${describeSchedule(saved.schedule!)} (UK time).`,
    body: 'If this week\'s digest has already reached you, the new day starts next week. You get one digest a week either way.',
    notes: ['Say "send my digest at the usual time" to go back to the normal day.'],
  });
}

export function showMyDigest(deps: DigestDeps, ctx: ChatContext): Reply {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const settings = deps.service.settings;
  const personId = ctx.asker.person.id;
  const plan = planDigest(ctx.snapshot, ctx.now, { ...settings, DIGEST_SEND_EMPTY: true }, { personal: 'include', onlyPeople: new Set([personId]) });
  const preference = digestPreferences(ctx.snapshot).get(personId);
  const digest = plan.people[0]?.digest ?? { personId };
  const reply = digestReply(ctx.snapshot, digest, {
    today: plan.today,
    dueWeeks: settings.DIGEST_DUE_WEEKS,
    staleWeeks: settings.DIGEST_STALE_WEEKS,
    scheduleText: preference?.optedOut ? undefined : currentSchedule(deps, preference),
    preview: true,
  });
  if (preference?.optedOut && reply.card) {
    const notes = ['You have stopped the weekly digest, so this is only shown because you asked. Say "start my digest" to have it back.'];
    reply.card.data.notes = notes;
    reply.text = `${reply.text}\n${notes[0]}`;
  }
  return reply;
}
