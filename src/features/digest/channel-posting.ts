/**
 * Posting the committee's weekly picture in a channel: "post the weekly digest here (for the
 * Corporate Review Committee / the CDP)" and "stop posting the digest here", for plan admins and
 * democratic services, audited.
 */
import { describeCron } from '../../domain/digest/schedule.js';
import type { Committee, Plan } from '../../domain/model.js';
import { mayAdministerDigest } from '../../domain/digest/index.js';
import { fold } from '../../chat/normalise.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { resolvePlan } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { addDigestChannel, removeDigestChannel } from './commands.js';
import { type DigestDeps, refuse } from './common.js';

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
  const outcome = await addDigestChannel(deps, { conversationId, committeeId: scope.committee?.id, planId: scope.plan?.id }, ctx);
  if (outcome.kind === 'refused') return refuse("I can't set up the weekly digest for this channel.", outcome.reason);
  if (outcome.kind !== 'added') return notSavedReply(outcome);
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
  const outcome = conversationId ? await removeDigestChannel(deps, { conversationId }, ctx) : ({ kind: 'not-posted' } as const);
  if (outcome.kind === 'not-posted') return messageReply({ title: 'The weekly digest is not posted here.', body: 'Nothing was changed.' });
  if (outcome.kind === 'refused') return refuse("I can't change the digest for this channel.", outcome.reason);
  if (outcome.kind !== 'removed') return notSavedReply(outcome);
  return messageReply({ title: "Done: I won't post the weekly digest here any more.", body: 'Action leads still get their own digests in a personal chat.' });
}
