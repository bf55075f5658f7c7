/**
 * Buttons on a lead's round card, reached the same way from Action.Execute (Universal Actions) and
 * its Action.Submit fallback:
 * - "No change": recorded through the one progress-update command (issue 5's recordProgressUpdate,
 *   channel teams-card, with the round id and the round's as-at date), then the card is redrawn in
 *   place showing who answered and when;
 * - "Update…": opens the same update form as "update <action>", tied to the round;
 * - page and refresh: redraws the card in place.
 *
 * Every submission is validated with zod first; a tampered or stale card gets a specific message and
 * nothing is saved. A card only ever shows its own lead's actions.
 */
import { z } from 'zod';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { actionLabel } from '../../chat/present.js';
import type { ChatContext } from '../../chat/types.js';
import { roundsIn, type QuarterlyRound } from '../../domain/quarterly/index.js';
import { adminScopeOf, administersPlan } from '../../domain/roles.js';
import { formatUkInstant } from '../../domain/uk-format.js';
import type { CardActionHandler, CardActionResult } from '../../chat/card-actions.js';
import { updateFormReply } from '../updates/update-replies.js';
import { actorOf, recordProgressUpdate, type UpdateServiceDeps } from '../updates/index.js';
import { roundCardReply, shortQuarter } from './cards.js';

export const ROUND_VERBS = { noChange: 'round-no-change', card: 'round-card', update: 'round-update' } as const;

const page = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), z.number().int().min(1).max(10_000).default(1));
const mode = z.preprocess((v) => (v === '' || v == null ? undefined : v), z.enum(['request', 'reminder']).default('request'));

const CardData = z.looseObject({
  roundId: z.string({ error: 'is missing (the card was not made by this bot)' }).min(1).max(200),
  leadId: z.string({ error: 'is missing (the card was not made by this bot)' }).min(1).max(200),
  page,
  mode,
});
const ActionData = CardData.extend({ actionId: z.string({ error: 'is missing' }).min(1).max(200) });


function badCard(error: z.ZodError): CardActionResult {
  const issue = error.issues[0]!;
  return { reply: messageReply({ title: 'That card could not be read.', body: `Nothing was saved: the ${String(issue.path[0] ?? 'card')} ${issue.message}. Ask the admin to resend your round card.` }) };
}

type Located = { round: QuarterlyRound } | { result: CardActionResult };

/** The round, and a check that the person pressing the button is the card's lead (or a plan admin). */
function locate(deps: UpdateServiceDeps, ctx: ChatContext, roundId: string, leadId: string): Located {
  const round = roundsIn(ctx.snapshot).find((r) => r.id === roundId);
  if (!round) return { result: { reply: messageReply({ title: 'This update round no longer exists.', body: 'Nothing was saved. To record progress, say "update <action>".' }) } };
  if (!round.leads.some((l) => l.personId === leadId)) {
    return { result: { reply: messageReply({ title: 'That card does not belong to this round.', body: 'Nothing was saved. Ask the admin to resend your round card.' }) } };
  }
  const personId = ctx.asker.person?.id;
  const scope = adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, deps.adminEmails);
  if (personId !== leadId && !administersPlan(scope, round.planId)) {
    const owner = ctx.snapshot.person(leadId)?.name ?? 'another lead';
    return {
      result: {
        reply: messageReply({
          title: `This card is ${owner}'s.`,
          body: ctx.asker.person ? 'Nothing was saved. Your own round card lists your actions.' : "Nothing was saved. I don't know who you are yet: ask an admin to link your Teams account.",
        }),
      },
    };
  }
  return { round };
}

const noChange = (deps: UpdateServiceDeps): CardActionHandler => ({
  verb: ROUND_VERBS.noChange,
  async handle(data, ctx) {
    const parsed = ActionData.safeParse(data);
    if (!parsed.success) return badCard(parsed.error);
    const { roundId, leadId, actionId } = parsed.data;
    const located = locate(deps, ctx, roundId, leadId);
    if ('result' in located) return located.result;
    const round = located.round;
    const lead = round.leads.find((l) => l.personId === leadId)!;
    if (!lead.actionIds.includes(actionId)) {
      return { reply: messageReply({ title: 'That action is not on this card.', body: 'Nothing was saved. The card may have been changed; press Refresh.' }) };
    }
    if (round.state === 'closed') {
      const card = roundCardReply(ctx.snapshot, round, leadId, { page: parsed.data.page, mode: parsed.data.mode });
      return {
        updatedCard: card,
        reply: messageReply({
          title: `The ${shortQuarter(round.quarter)} round closed on ${formatUkInstant(round.closedAt!)}.`,
          body: 'Your answer was not recorded for the round. To record a late update, say "update <action>".',
        }),
      };
    }
    const outcome = await recordProgressUpdate(
      deps,
      {
        actionId,
        noChange: true,
        asAt: round.asAt,
        channel: 'teams-card',
        roundId: round.id,
        // One "no change" per action, person and round, however many times the button is pressed.
        idempotencyKey: `round:${round.id}:no-change:${actionId}:${ctx.asker.person?.id ?? ctx.asker.aadObjectId ?? 'unknown'}`,
      },
      actorOf(ctx.asker),
      ctx.now,
    );
    const snapshot = await deps.store.snapshot();
    const action = snapshot.action(actionId);
    const label = action ? actionLabel(snapshot, action) : actionId;
    if (outcome.kind === 'recorded') {
      return { updatedCard: roundCardReply(snapshot, round, leadId, { page: parsed.data.page, mode: parsed.data.mode, flash: `Recorded: no change for ${label}.` }) };
    }
    if (outcome.kind === 'refused') {
      return { reply: messageReply({ title: `You can't update ${label}.`, body: `Nothing was saved: ${outcome.permission.reason}.${outcome.permission.whoCan.length ? ` Who can: ${outcome.permission.whoCan.join(', ')}.` : ''}` }) };
    }
    if (outcome.kind === 'not-found') return { reply: messageReply({ title: 'That action is no longer in the plan.', body: 'Nothing was saved.' }) };
    if (outcome.kind === 'invalid') return { reply: messageReply({ title: 'Nothing was saved.', lines: outcome.problems.map((p) => p.message) }) };
    if (outcome.kind === 'not-saved') return { reply: notSavedReply(outcome) };
    return { reply: messageReply({ title: 'Nothing was saved: someone else updated this action just now.', body: 'Press Refresh to see their update.' }) };
  },
});

const showCard = (deps: UpdateServiceDeps): CardActionHandler => ({
  verb: ROUND_VERBS.card,
  async handle(data, ctx) {
    const parsed = CardData.safeParse(data);
    if (!parsed.success) return badCard(parsed.error);
    const located = locate(deps, ctx, parsed.data.roundId, parsed.data.leadId);
    if ('result' in located) return located.result;
    return { updatedCard: roundCardReply(ctx.snapshot, located.round, parsed.data.leadId, { page: parsed.data.page, mode: parsed.data.mode }) };
  },
});

const openForm = (deps: UpdateServiceDeps): CardActionHandler => ({
  verb: ROUND_VERBS.update,
  async handle(data, ctx) {
    const parsed = ActionData.safeParse(data);
    if (!parsed.success) return badCard(parsed.error);
    const located = locate(deps, ctx, parsed.data.roundId, parsed.data.leadId);
    if ('result' in located) return located.result;
    const round = located.round;
    const action = ctx.snapshot.action(parsed.data.actionId);
    if (!action || !round.leads.find((l) => l.personId === parsed.data.leadId)!.actionIds.includes(action.id)) {
      return { reply: messageReply({ title: 'That action is not on this card.', body: 'Press Refresh to see your current actions.' }) };
    }
    const open = round.state === 'open';
    return {
      reply: updateFormReply(ctx.snapshot, action, {
        context: { actionId: action.id, expectedVersion: action.version, formId: `round-${round.id}-${action.id}-${ctx.activityId ?? ctx.now.getTime()}`, roundId: open ? round.id : undefined, source: 'form' },
        now: ctx.now,
        values: { asAt: open ? round.asAt : undefined },
        title: open ? `${shortQuarter(round.quarter)} update` : 'Record progress',
      }),
    };
  },
});

export function roundCardActions(deps: UpdateServiceDeps): CardActionHandler[] {
  return [noChange(deps), showCard(deps), openForm(deps)];
}
