/**
 * Everyone's own digest in chat: "show my digest", "stop my digest", "start my digest",
 * "send my digest on Fridays at 4pm" and "send my digest at the usual time", each saved with an
 * audit entry, and only in a personal chat.
 */
import { digestLeadIds } from '../../domain/digest/index.js';
import { describeCron, describeSchedule, digestPreferences, parsePersonalSchedule, type DigestPreference } from '../../domain/digest/schedule.js';
import { planDigest } from './service.js';
import { digestReply } from './view.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { saveDigestPreference, type DigestPreferenceCommand } from './commands.js';
import { type DigestDeps, currentSchedule, personalOnly, unknownUser } from './common.js';

/** Saves the change through the command, or says why it was not saved. */
async function savePreference(deps: DigestDeps, ctx: ChatContext, change: Omit<DigestPreferenceCommand, 'command'>, command: DigestPreferenceCommand['command']): Promise<{ saved: DigestPreference } | { reply: Reply }> {
  const outcome = await saveDigestPreference(deps, { ...change, command }, ctx);
  switch (outcome.kind) {
    case 'saved':
      return { saved: outcome.preference };
    case 'unknown-person':
      return { reply: unknownUser(ctx) };
    case 'not-personal':
      return { reply: personalOnly() };
    default:
      return { reply: notSavedReply(outcome) };
  }
}

export async function stopMyDigest(deps: DigestDeps, ctx: ChatContext): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
  if (preference?.optedOut) {
    return messageReply({ title: 'Your weekly digest is already stopped.', body: 'Say "start my digest" to have it back.', choices: [{ title: 'Start my digest', ask: 'start my digest' }] });
  }
  const result = await savePreference(deps, ctx, { optedOut: true }, 'digest:opt-out');
  if ('reply' in result) return result.reply;
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
  const result = await savePreference(deps, ctx, { optedOut: false }, 'digest:opt-in');
  if ('reply' in result) return result.reply;
  return messageReply({
    title: `Done: your weekly digest is back on, ${currentSchedule(deps, result.saved)}.`,
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
    const result = await savePreference(deps, ctx, { schedule: null }, 'digest:schedule-default');
    if ('reply' in result) return result.reply;
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
  const result = await savePreference(deps, ctx, { schedule: parsed.schedule, optedOut: false }, 'digest:schedule');
  if ('reply' in result) return result.reply;
  return messageReply({
    title: `Done: your digest will come ${describeSchedule(result.saved.schedule!)} (UK time).`,
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
