/**
 * Posting the committee's weekly picture in a channel: "post the weekly digest here (for the
 * Corporate Review Committee / the CDP)" and "stop posting the digest here", for plan admins and
 * democratic services, audited.
 */
import { DIGEST_CHANNELS_COLLECTION, describeCron, digestChannels, type DigestChannel } from '../../domain/digest/schedule.js';
import type { Committee, Plan } from '../../domain/model.js';
import { mayAdministerDigest } from '../../domain/digest/index.js';
import { fold } from '../../chat/normalise.js';
import { messageReply } from '../../chat/reply.js';
import { resolvePlan } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type DigestDeps, audit, refuse } from './common.js';

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

export async function postDigestHere(deps: DigestDeps, ctx: ChatContext, reference: string | undefined): Promise<Reply> {
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
  await deps.store.transact('digest:channel-add', (tx) => {
    const before = tx.extGet(DIGEST_CHANNELS_COLLECTION, conversationId);
    const after: DigestChannel = { id: conversationId, addedBy: ctx.asker.person?.id ?? ctx.asker.displayName, addedAt: ctx.now.toISOString() };
    if (scope.committee) after.committeeId = scope.committee.id;
    if (scope.plan) after.planId = scope.plan.id;
    tx.extPut(DIGEST_CHANNELS_COLLECTION, after);
    tx.put('audit', audit(ctx, { command: 'digest:channel-add', entity: 'digest-channel', entityId: conversationId, before, after }));
  });
  return messageReply({
    title: `Done: I'll post the weekly picture for ${name} here, ${describeCron(deps.service.settings.DIGEST_CRON)}.`,
    body: 'Counts and the most urgent items across the plan, and the committee follow-ups not yet closed. Only public items: nothing exempt or internal is ever posted in a channel.',
    notes: ['Say "stop posting the digest here" to stop it.'],
  });
}

export async function stopPostingHere(deps: DigestDeps, ctx: ChatContext): Promise<Reply> {
  if (ctx.conversation.kind === 'personal') return messageReply({ title: 'Nothing is posted to this chat except your own digest.', body: 'To stop that, say "stop my digest".' });
  const permission = mayAdministerDigest(ctx.asker.roles);
  if (!permission.allowed) return refuse("I can't change the digest for this channel.", permission.reason);
  const conversationId = channelIdOf(ctx);
  const existing = conversationId ? digestChannels(ctx.snapshot).find((c) => c.id === conversationId) : undefined;
  if (!existing || !conversationId) return messageReply({ title: 'The weekly digest is not posted here.', body: 'Nothing was changed.' });
  await deps.store.transact('digest:channel-remove', (tx) => {
    tx.extDelete(DIGEST_CHANNELS_COLLECTION, conversationId);
    tx.put('audit', audit(ctx, { command: 'digest:channel-remove', entity: 'digest-channel', entityId: conversationId, before: existing }));
  });
  return messageReply({ title: "Done: I won't post the weekly digest here any more.", body: 'Action leads still get their own digests in a personal chat.' });
}
