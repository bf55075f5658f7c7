/**
 * The weekly digest in chat (domain.md §4 E 40):
 * - everyone: "show my digest", "stop my digest", "start my digest",
 *   "send my digest on Fridays at 4pm", "send my digest at the usual time";
 * - plan admins and democratic services: "send the weekly digest now", "who can't the digest reach?",
 *   "how did the last digest go?", "turn off the digest for the CDP" / "turn on ...".
 * Permissions are checked in the core (domain/digest.ts); every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { digestLeadIds, mayAdministerDigest, mayToggleDigest } from '../../domain/digest.js';
import {
  DIGEST_CHANNELS_COLLECTION,
  DIGEST_PREFERENCES_COLLECTION,
  DigestPreference,
  digestChannels,
  type DigestChannel,
  describeCron,
  describeSchedule,
  digestPreferences,
  latestDigestRun,
  parsePersonalSchedule,
  type PersonalSchedule,
} from '../../domain/digest-schedule.js';
import type { AuditEntry, Committee, Plan } from '../../domain/model.js';
import { fold } from '../normalise.js';
import { isClosed } from '../../domain/slippage.js';
import { formatUkInstant, plural } from '../../domain/uk-format.js';
import { DIGEST_FEATURE, describeRunReport, pickSettings, planDigest, type DigestService, type DigestSettings } from '../../jobs/digest-job.js';
import { reachabilityOf } from '../../teams/conversation-ref-records.js';
import { PROACTIVE_FEATURE, type ProactiveSender, type Recipient } from '../../teams/proactive-types.js';
import { digestReply } from '../digest-view.js';
import { listReply, messageReply, type ListGroup } from '../reply.js';
import { resolvePlan } from '../resolve.js';
import type { ChatContext, IntentDefinition, Reply } from '../types.js';

const DEFAULT_SETTINGS: DigestSettings = { DIGEST_CRON: '0 8 * * 1', DIGEST_DUE_WEEKS: 4, DIGEST_STALE_WEEKS: 12, DIGEST_SEND_EMPTY: false, ADMIN_EMAILS: [] };

function settingsOf(ctx: ChatContext): DigestSettings {
  const service = ctx.services.features[DIGEST_FEATURE] as DigestService | undefined;
  if (service) return service.settings;
  const config = ctx.services.features.config as Config | undefined;
  return config ? pickSettings(config) : DEFAULT_SETTINGS;
}

function unknownUser(ctx: ChatContext): Reply {
  return messageReply({
    title: "I don't know who you are yet, so I can't tell which digest is yours.",
    body: `Your Teams account (${ctx.asker.displayName}) is not linked to anyone in the plans. Ask a plan admin to link you, or check that your Teams email matches the one in the plan.`,
  });
}

function personalOnly(): Reply {
  return messageReply({
    title: 'Your digest settings are personal.',
    body: 'Message me in a personal chat to see, stop or move your digest, so they are not changed from a shared conversation.',
  });
}

function audit(ctx: ChatContext, entry: Omit<AuditEntry, 'id' | 'at' | 'actorId' | 'actorName'>): AuditEntry {
  return { id: `audit-${randomUUID()}`, at: ctx.now.toISOString(), actorId: ctx.asker.person?.id, actorName: ctx.asker.displayName, ...entry };
}

function currentSchedule(ctx: ChatContext, preference: DigestPreference | undefined): string {
  return preference?.schedule ? describeSchedule(preference.schedule) : describeCron(settingsOf(ctx).DIGEST_CRON);
}

/** Writes a person's digest preference (with an audit entry), unless it would not change. */
async function savePreference(ctx: ChatContext, change: { optedOut?: boolean; schedule?: PersonalSchedule | null }, command: string): Promise<DigestPreference> {
  const personId = ctx.asker.person!.id;
  return ctx.services.store.transact(`digest-preference:${command}`, (tx) => {
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

async function stopMyDigest(ctx: ChatContext): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
  if (preference?.optedOut) {
    return messageReply({ title: 'Your weekly digest is already stopped.', body: 'Say "start my digest" to have it back.', choices: [{ title: 'Start my digest', ask: 'start my digest' }] });
  }
  await savePreference(ctx, { optedOut: true }, 'digest:opt-out');
  return messageReply({
    title: "Done: you won't get the weekly digest any more.",
    body: 'You can still ask "show my digest" whenever you like. Say "start my digest" to have it back.',
    choices: [{ title: 'Start my digest', ask: 'start my digest' }],
  });
}

async function startMyDigest(ctx: ChatContext): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
  const leads = new Set(digestLeadIds(ctx.snapshot));
  const note = leads.has(ctx.asker.person.id) ? undefined : 'You are not named as the owner of any open action at the moment, so it may have nothing to say until you are.';
  if (!preference?.optedOut) {
    return messageReply({ title: `You already get the weekly digest, ${currentSchedule(ctx, preference)}.`, notes: note ? [note] : [], choices: [{ title: 'Show my digest', ask: 'show my digest' }] });
  }
  const saved = await savePreference(ctx, { optedOut: false }, 'digest:opt-in');
  return messageReply({
    title: `Done: your weekly digest is back on, ${currentSchedule(ctx, saved)}.`,
    notes: note ? [note] : [],
    choices: [{ title: 'Show my digest', ask: 'show my digest' }],
  });
}

async function scheduleMyDigest(ctx: ChatContext, when: string): Promise<Reply> {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  if (/\b(usual|normal|default|standard)\b/i.test(when)) {
    const preference = digestPreferences(ctx.snapshot).get(ctx.asker.person.id);
    if (!preference?.schedule) return messageReply({ title: `Your digest already comes at the usual time, ${describeCron(settingsOf(ctx).DIGEST_CRON)}.` });
    await savePreference(ctx, { schedule: null }, 'digest:schedule-default');
    return messageReply({ title: `Done: your digest comes at the usual time again, ${describeCron(settingsOf(ctx).DIGEST_CRON)}.` });
  }
  const parsed = parsePersonalSchedule(when);
  if (!parsed.ok) {
    return messageReply({
      title: `I couldn't read "${when.length > 60 ? `${when.slice(0, 57)}...` : when}" as a day and time.`,
      body: parsed.problem,
      notes: ['Nothing was changed.'],
    });
  }
  const saved = await savePreference(ctx, { schedule: parsed.schedule, optedOut: false }, 'digest:schedule');
  return messageReply({
    title: `Done: your digest will come ${describeSchedule(saved.schedule!)} (UK time).`,
    body: 'If this week\'s digest has already reached you, the new day starts next week. You get one digest a week either way.',
    notes: ['Say "send my digest at the usual time" to go back to the normal day.'],
  });
}

function showMyDigest(ctx: ChatContext): Reply {
  if (!ctx.asker.person) return unknownUser(ctx);
  if (ctx.conversation.kind !== 'personal') return personalOnly();
  const settings = settingsOf(ctx);
  const personId = ctx.asker.person.id;
  const plan = planDigest(ctx.snapshot, ctx.now, { ...settings, DIGEST_SEND_EMPTY: true }, { personal: 'include', onlyPeople: new Set([personId]) });
  const preference = digestPreferences(ctx.snapshot).get(personId);
  const digest = plan.people[0]?.digest ?? { personId };
  const reply = digestReply(ctx.snapshot, digest, {
    today: plan.today,
    dueWeeks: settings.DIGEST_DUE_WEEKS,
    staleWeeks: settings.DIGEST_STALE_WEEKS,
    scheduleText: preference?.optedOut ? undefined : currentSchedule(ctx, preference),
    preview: true,
  });
  if (preference?.optedOut && reply.card) {
    const notes = ['You have stopped the weekly digest, so this is only shown because you asked. Say "start my digest" to have it back.'];
    reply.card.data.notes = notes;
    reply.text = `${reply.text}\n${notes[0]}`;
  }
  return reply;
}

function refuse(title: string, reason: string): Reply {
  return messageReply({ title, body: `Sorry: ${reason}.`, notes: ['Your own digest: say "show my digest".'] });
}

async function sendDigestNow(ctx: ChatContext): Promise<Reply> {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't send the weekly digest for you.", permission.reason);
  const service = ctx.services.features[DIGEST_FEATURE] as DigestService | undefined;
  const sender = ctx.services.features[PROACTIVE_FEATURE] as ProactiveSender | undefined;
  if (!service || !sender) return messageReply({ title: 'The digest cannot be sent from here.', body: 'The proactive sender is not running in this copy of the bot. Nothing was sent.' });
  const running = service.running();
  if (running) {
    return messageReply({ title: 'A digest run is already under way.', body: `${running.runId} started ${formatUkInstant(running.startedAt)}. I'll not start a second one; the first reports when it is done.` });
  }
  const plan = planDigest(ctx.snapshot, ctx.now, service.settings, { personal: 'exclude' });
  const toSend = plan.people.filter((p) => p.status === 'send');
  const already = toSend.filter((p) => p.alreadySent).length;
  const unreachable = toSend.filter((p) => !p.alreadySent && !p.reach.reachable).length;
  await ctx.services.store.transact('digest:send-now', (tx) => {
    tx.put('audit', audit(ctx, { command: 'digest:send-now', entity: 'digest-run', entityId: plan.runId, after: { recipients: toSend.length, alreadySent: already } }));
  });
  // The report names people and why they cannot be reached: it goes to the admin's personal chat,
  // or to this conversation when it is one.
  const reportTo: Recipient | undefined =
    ctx.conversation.kind === 'personal' && ctx.conversation.id
      ? { kind: 'conversation', conversationId: ctx.conversation.id }
      : ctx.asker.person
        ? { kind: 'person', personId: ctx.asker.person.id }
        : undefined;
  const reportKey = `digest-report:${plan.runId}:${ctx.activityId ?? ctx.now.getTime()}`;
  // The run can take minutes (50 messages a second at most): answer now, report when done.
  void service
    .runWeekly({ kind: 'admin', by: ctx.asker.person?.id ?? ctx.asker.displayName })
    .then(async (result) => {
      const report = describeRunReport(result, (id) => ctx.snapshot.person(id)?.name ?? id);
      ctx.services.log.info({ runId: result.runId, report: report.title }, 'digest run report');
      if (!reportTo) return;
      await sender.send(`digest-report:${plan.runId}`, [
        { key: reportKey, recipient: reportTo, reply: messageReply({ title: report.title, lines: report.lines.slice(0, 40), notes: report.lines.length > 40 ? [`…and ${report.lines.length - 40} more.`] : [] }) },
      ]);
    })
    .catch((error: Error) => ctx.services.log.error({ err: error.message }, 'digest run requested in chat failed'));
  const notes: string[] = [];
  if (unreachable) notes.push(`${plural(unreachable, 'person has', 'people have')} no way for the bot to reach them: ask "who can't the digest reach?".`);
  const ownSchedule = plan.people.filter((p) => p.status === 'own-schedule').length;
  if (ownSchedule) notes.push(`${plural(ownSchedule, 'person gets', 'people get')} theirs on a day they chose.`);
  return messageReply({
    title: `Sending this week's digest (${plan.week}) to ${plural(toSend.length - already, 'person', 'people')} now.`,
    body: `${already ? `${plural(already, 'person', 'people')} already had it this week and won't get it twice. ` : ''}${
      ctx.conversation.kind === 'personal' ? "I'll post the report here when it's done." : reportTo ? "I'll send you the report in a personal chat when it's done." : 'The report will be in the log.'
    }`,
    notes,
  });
}

function whoCantBeReached(ctx: ChatContext, text: string): Reply {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't show who the digest misses.", permission.reason);
  if (ctx.conversation.kind !== 'personal') {
    return messageReply({ title: 'Ask me that in a personal chat.', body: 'The list names people, their email addresses and whether they blocked the bot, so I only show it to you.' });
  }
  const snapshot = ctx.snapshot;
  const preferences = digestPreferences(snapshot);
  const owned = new Map<string, number>();
  for (const id of digestLeadIds(snapshot)) owned.set(id, snapshot.actionsOwnedBy(id).filter((a) => !isClosed(a) && snapshot.plan(a.planId)?.digestEnabled).length);
  const never: ListGroup['items'] = [];
  const lost: ListGroup['items'] = [];
  let optedOut = 0;
  for (const [personId, count] of owned) {
    if (preferences.get(personId)?.optedOut) optedOut += 1;
    const reach = reachabilityOf(snapshot, personId);
    if (reach.reachable) continue;
    const person = snapshot.person(personId)!;
    const item = {
      heading: person.name,
      lines: [reach.reason, `Owns ${plural(count, 'open action')}`, person.email ? `Email: ${person.email}` : 'No email on record, so their Teams account cannot be matched'],
      ask: `what is ${person.name} delivering`,
    };
    (reach.record ? lost : never).push(item);
  }
  const byName = (a: { heading: string }, b: { heading: string }) => a.heading.localeCompare(b.heading);
  const total = never.length + lost.length;
  return listReply({
    title: `People the digest can't reach (${total} of ${owned.size} action owners)`,
    subtitle: 'They own open actions but the bot has no working chat with them. Ask them to open the Council Actions app in Teams and say hello; that is all it needs.',
    groups: [
      { heading: `Blocked, uninstalled or removed (${lost.length})`, explanation: 'The bot could reach them once.', color: 'Attention' as const, items: lost.sort(byName) },
      { heading: `Never installed or messaged the bot (${never.length})`, color: 'Warning' as const, items: never.sort(byName) },
    ].filter((g) => g.items.length > 0),
    emptyText: `Every action owner (${owned.size}) can be reached.`,
    notes: optedOut ? [`${plural(optedOut, 'owner has', 'owners have')} chosen to stop their digest (not counted as unreachable).`] : [],
    ask: text,
    page: ctx.page,
  });
}

function lastRunReport(ctx: ChatContext): Reply {
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't show the digest runs.", permission.reason);
  const latest = latestDigestRun(ctx.snapshot);
  if (!latest) return messageReply({ title: 'No weekly digest has been sent yet.', body: `It goes out ${describeCron(settingsOf(ctx).DIGEST_CRON)}. Say "send the weekly digest now" to send this week's.` });
  const counts = latest.counts;
  const lines = counts
    ? [`Sent: ${counts.sent}`, `Already sent earlier: ${counts['already-sent']}`, `Unreachable: ${counts.unreachable}`, `Failed: ${counts.failed}`]
    : ['Still running, or stopped before it finished (the next run carries on where it stopped).'];
  for (const [status, n] of Object.entries(latest.skipped)) lines.push(`Not sent (${status.replace(/-/g, ' ')}): ${n}`);
  return messageReply({
    title: `Last digest run: ${latest.week}`,
    body: `Started ${formatUkInstant(latest.startedAt)}${latest.finishedAt ? `, finished ${formatUkInstant(latest.finishedAt)}` : ''} (${latest.trigger === 'admin' ? 'sent on request' : latest.trigger.replace(/-/g, ' ')}).`,
    lines,
    choices: [{ title: "Who can't it reach?", ask: "who can't the digest reach?" }],
  });
}

async function switchPlanDigest(ctx: ChatContext, reference: string, on: boolean): Promise<Reply> {
  const resolved = resolvePlan(ctx.snapshot, reference);
  if (resolved.kind === 'none' || resolved.kind === 'many') {
    const options = resolved.kind === 'many' ? resolved.options : ctx.snapshot.plans;
    return messageReply({
      title: resolved.kind === 'many' ? `"${reference}" matches more than one plan. Which one?` : `I can't find a plan called "${reference}".`,
      choices: options.map((p: Plan) => ({ title: p.abbreviation ?? p.title, ask: `turn ${on ? 'on' : 'off'} the digest for ${p.id}` })),
    });
  }
  const plan = resolved.value;
  const settings = settingsOf(ctx);
  const permission = mayToggleDigest(ctx.snapshot, plan, { personId: ctx.asker.person?.id, email: ctx.asker.email, roles: ctx.asker.roles }, settings.ADMIN_EMAILS);
  if (!permission.allowed) return refuse(`I can't switch the digest ${on ? 'on' : 'off'} for the ${plan.abbreviation ?? plan.title}.`, permission.reason);
  const name = plan.abbreviation ? `${plan.title} (${plan.abbreviation})` : plan.title;
  if (plan.digestEnabled === on) return messageReply({ title: `The weekly digest is already ${on ? 'on' : 'off'} for the ${name}.` });
  await ctx.services.store.transact(`digest:plan-${on ? 'on' : 'off'}`, (tx) => {
    const current = tx.get('plans', plan.id);
    if (!current) throw new Error(`plan ${plan.id} disappeared`);
    const after = { ...current, digestEnabled: on };
    tx.put('plans', after);
    tx.put('audit', audit(ctx, { command: on ? 'digest:plan-on' : 'digest:plan-off', entity: 'plan', entityId: plan.id, before: { digestEnabled: current.digestEnabled }, after: { digestEnabled: on } }));
  });
  return messageReply({
    title: on ? `The weekly digest is back on for the ${name}.` : `The weekly digest is now off for the ${name}.`,
    body: on
      ? "Its actions are in everyone's digest again from the next run."
      : `Its actions are left out of everyone's digest from the next run. Say "turn on the digest for the ${plan.abbreviation ?? plan.title}" to restore it.`,
  });
}

/** The channel's own id: a reply thread's id carries ";messageid=...". */
function channelIdOf(ctx: ChatContext): string | undefined {
  return ctx.conversation.id?.split(';')[0];
}

type ScopeResult = { ok: true; committee?: Committee; plan?: Plan } | { ok: false; reply: Reply };

/** "for the Corporate Review Committee" / "for the CDP"; with nothing said, the only committee there is. */
function resolveScope(ctx: ChatContext, reference: string | undefined): ScopeResult {
  const committees = ctx.snapshot.committees;
  if (!reference) {
    if (committees.length === 1) return { ok: true, committee: committees[0] };
    return {
      ok: false,
      reply: messageReply({
        title: 'Which committee or plan should I post the digest for?',
        choices: [...committees.map((c) => ({ title: c.name, ask: `post the weekly digest here for the ${c.name}` })), ...ctx.snapshot.plans.map((p) => ({ title: p.abbreviation ?? p.title, ask: `post the weekly digest here for ${p.id}` }))],
      }),
    };
  }
  const folded = fold(reference).replace(/^the /, '');
  const committee = committees.find((c) => [c.name, ...c.aliases].some((n) => fold(n) === folded || fold(n).includes(folded) || (folded.length > 6 && folded.includes(fold(n)))));
  if (committee) return { ok: true, committee };
  const plan = resolvePlan(ctx.snapshot, reference);
  if (plan.kind === 'one') return { ok: true, plan: plan.value };
  return {
    ok: false,
    reply: messageReply({
      title: `I can't find a committee or plan called "${reference}".`,
      choices: [...committees.map((c) => ({ title: c.name, ask: `post the weekly digest here for the ${c.name}` })), ...ctx.snapshot.plans.map((p) => ({ title: p.abbreviation ?? p.title, ask: `post the weekly digest here for ${p.id}` }))],
    }),
  };
}

async function postDigestHere(ctx: ChatContext, reference: string | undefined): Promise<Reply> {
  if (ctx.conversation.kind === 'personal') {
    return messageReply({ title: 'Ask me this in the committee\'s channel.', body: 'Say "post the weekly digest here" in the channel that should get the committee\'s weekly picture. Your own digest comes to this chat.' });
  }
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't set up the weekly digest for this channel.", permission.reason);
  const conversationId = channelIdOf(ctx);
  if (!conversationId) return messageReply({ title: 'I could not tell which conversation this is.', body: 'Nothing was changed.' });
  const scope = resolveScope(ctx, reference);
  if (!scope.ok) return scope.reply;
  const name = scope.committee ? `the ${scope.committee.name}` : `the ${scope.plan!.abbreviation ?? scope.plan!.title}`;
  await ctx.services.store.transact('digest:channel-add', (tx) => {
    const before = tx.extGet(DIGEST_CHANNELS_COLLECTION, conversationId);
    const after: DigestChannel = { id: conversationId, addedBy: ctx.asker.person?.id ?? ctx.asker.displayName, addedAt: ctx.now.toISOString() };
    if (scope.committee) after.committeeId = scope.committee.id;
    if (scope.plan) after.planId = scope.plan.id;
    tx.extPut(DIGEST_CHANNELS_COLLECTION, after);
    tx.put('audit', audit(ctx, { command: 'digest:channel-add', entity: 'digest-channel', entityId: conversationId, before, after }));
  });
  return messageReply({
    title: `Done: I'll post the weekly picture for ${name} here, ${describeCron(settingsOf(ctx).DIGEST_CRON)}.`,
    body: 'Counts and the most urgent items across the plan, and the committee follow-ups not yet closed. Only public items: nothing exempt or internal is ever posted in a channel.',
    notes: ['Say "stop posting the digest here" to stop it.'],
  });
}

async function stopPostingHere(ctx: ChatContext): Promise<Reply> {
  if (ctx.conversation.kind === 'personal') return messageReply({ title: 'Nothing is posted to this chat except your own digest.', body: 'To stop that, say "stop my digest".' });
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't change the digest for this channel.", permission.reason);
  const conversationId = channelIdOf(ctx);
  const existing = conversationId ? digestChannels(ctx.snapshot).find((c) => c.id === conversationId) : undefined;
  if (!existing || !conversationId) return messageReply({ title: 'The weekly digest is not posted here.', body: 'Nothing was changed.' });
  await ctx.services.store.transact('digest:channel-remove', (tx) => {
    tx.extDelete(DIGEST_CHANNELS_COLLECTION, conversationId);
    tx.put('audit', audit(ctx, { command: 'digest:channel-remove', entity: 'digest-channel', entityId: conversationId, before: existing }));
  });
  return messageReply({ title: "Done: I won't post the weekly digest here any more.", body: 'Action leads still get their own digests in a personal chat.' });
}

const MY = String.raw`(?:my|the)\s+(?:weekly\s+)?(?:slippage\s+)?digest`;

export const digestIntents: IntentDefinition[] = [
  {
    name: 'digest-channel-add',
    examples: ['post the weekly digest here'],
    match: (text) => {
      const here = String.raw`(?:here|in this (?:channel|chat)|to this (?:channel|chat))`;
      const m =
        new RegExp(`^(?:please\\s+)?(?:post|send|share)\\s+the\\s+(?:weekly\\s+|committee\\s+)?digest\\s+${here}(?:\\s+(?:for|about)\\s+(.+))?$`, 'i').exec(text) ??
        new RegExp(`^(?:please\\s+)?(?:post|send|share)\\s+the\\s+(?:weekly\\s+|committee\\s+)?digest\\s+(?:for|about)\\s+(.+?)\\s+${here}$`, 'i').exec(text);
      return m ? { scope: m[1] } : null;
    },
    answer: (s, ctx) => postDigestHere(ctx, s.scope),
  },
  {
    name: 'digest-channel-remove',
    examples: ['stop posting the digest here'],
    match: (text) => (/^(?:please\s+)?(?:stop|don'?t keep)\s+(?:posting|sending|sharing)\s+the\s+(?:weekly\s+|committee\s+)?digest\s+(?:here|in this (?:channel|chat)|to this (?:channel|chat))$/i.test(text) ? {} : null),
    answer: (_s, ctx) => stopPostingHere(ctx),
  },
  {
    name: 'digest-plan-switch',
    examples: ['turn off the digest for the CDP', 'turn on the digest for the CIP'],
    match: (text) => {
      const m =
        /^(?:please\s+)?(?:turn|switch)\s+(off|on)\s+the\s+(?:weekly\s+)?digest\s+(?:for|on)\s+(.+)$/i.exec(text) ??
        /^(?:please\s+)?(?:turn|switch)\s+the\s+(?:weekly\s+)?digest\s+(off|on)\s+(?:for|on)\s+(.+)$/i.exec(text);
      if (m) return { onOff: m[1]!.toLowerCase(), plan: m[2] };
      const verb = /^(?:please\s+)?(stop|pause|disable|start|resume|enable)\s+the\s+(?:weekly\s+)?digest\s+for\s+(.+)$/i.exec(text);
      return verb ? { onOff: /^(stop|pause|disable)$/i.test(verb[1]!) ? 'off' : 'on', plan: verb[2] } : null;
    },
    answer: (s, ctx) => switchPlanDigest(ctx, s.plan!, s.onOff === 'on'),
  },
  {
    name: 'digest-send-now',
    examples: ['send the weekly digest now'],
    match: (text) => (/^(?:please\s+)?(?:send|run)\s+(?:out\s+)?(?:this week'?s\s+|the\s+)(?:weekly\s+)?digests?(?:\s+out)?(?:\s+now)?$/i.test(text) ? {} : null),
    answer: (_s, ctx) => sendDigestNow(ctx),
  },
  {
    name: 'digest-unreachable',
    examples: ["who can't the digest reach?"],
    match: (text) =>
      /^who\s+(?:can'?t|cannot|can not|won'?t|will not|doesn'?t|does not)\s+(?:the\s+)?(?:weekly\s+)?digest\s+reach$/i.test(text) ||
      /^who\s+(?:can'?t|cannot|won'?t|doesn'?t|does not)\s+get\s+the\s+(?:weekly\s+)?digest$/i.test(text) ||
      /^(?:who is\s+)?unreachable(?:\s+(?:people|owners|leads))?(?:\s+for the digest)?$/i.test(text)
        ? {}
        : null,
    answer: (_s, ctx, text = '') => whoCantBeReached(ctx, text),
  },
  {
    name: 'digest-last-run',
    examples: ['how did the last digest go?'],
    match: (text) => (/^(?:how did|how was)\s+the\s+(?:last\s+)?(?:weekly\s+)?digest(?:\s+run)?(?:\s+go)?$|^(?:last\s+)?digest\s+(?:run\s+)?(?:report|status)$/i.test(text) ? {} : null),
    answer: (_s, ctx) => lastRunReport(ctx),
  },
  {
    name: 'digest-schedule',
    examples: ['send my digest on Fridays at 4pm', 'send my digest at the usual time'],
    match: (text) => {
      const m = /^(?:please\s+)?(?:send|give|deliver|move|change|switch)\s+(?:me\s+)?my\s+(?:weekly\s+)?digest\s+(?:to\s+)?((?:on|every|at|for)\b.+)$/i.exec(text) ?? /^(?:i want|i'd like)\s+my\s+(?:weekly\s+)?digest\s+((?:on|every|at)\b.+)$/i.exec(text);
      return m ? { when: m[1] } : null;
    },
    answer: (s, ctx) => scheduleMyDigest(ctx, s.when!),
  },
  {
    name: 'digest-stop',
    examples: ['stop my digest'],
    match: (text) => (new RegExp(`^(?:please\\s+)?(?:stop|turn off|switch off|pause|cancel|disable|unsubscribe(?: me)? from|opt out of|no more)\\s+${MY}(?:\\s+please)?$`, 'i').test(text) ? {} : null),
    answer: (_s, ctx) => stopMyDigest(ctx),
  },
  {
    name: 'digest-start',
    examples: ['start my digest'],
    match: (text) => (new RegExp(`^(?:please\\s+)?(?:start|turn on|switch on|resume|restart|enable|subscribe(?: me)? to|opt (?:back )?in to)\\s+${MY}(?:\\s+again)?(?:\\s+please)?$`, 'i').test(text) ? {} : null),
    answer: (_s, ctx) => startMyDigest(ctx),
  },
  {
    name: 'digest-show',
    examples: ['show my digest'],
    match: (text) =>
      /^(?:show|preview|see|view|send)\s+(?:me\s+)?my\s+(?:weekly\s+)?digest(?:\s+now)?$|^what(?:'s| is| would be)\s+in\s+my\s+(?:weekly\s+)?digest$|^my\s+(?:weekly\s+)?digest$/i.test(text) ? {} : null,
    answer: (_s, ctx) => showMyDigest(ctx),
  },
];
