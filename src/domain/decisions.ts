/**
 * Where a recorded decision stands, as a councillor or officer needs to hear it, and the rules for
 * the two writes democratic services make: recording a decision and recording a call-in.
 *
 * call-in.ts computes the call-in period and state. This module adds what a record with dates in
 * the future needs: a decision not yet taken, or taken but whose notice is not yet published, is
 * never reported as "in call-in" (its period has not started); the period it would have is shown
 * as a projection.
 *
 * Pure: the clock is passed in.
 */
import { z } from 'zod';
import { callInPeriod, callInState, type CallInPeriod, type CallInStateName } from './call-in.js';
import { isValidIsoDate } from './calendar.js';
import type { CallInRules, Decision } from './model.js';
import { formatUkDate, londonDate } from './uk-format.js';

export type DecisionStateName = CallInStateName | 'not-yet-taken' | 'not-yet-published';

export interface DecisionStatus {
  state: DecisionStateName;
  /** The call-in period (actual, or projected for a decision not yet published). */
  period?: CallInPeriod;
  /** True when `period` is a projection from dates in the future. */
  projected: boolean;
  /** Can it be implemented at `now`? */
  implementable: boolean;
  /** One sentence for the user. */
  reason: string;
}

function isExemptFromCallIn(decision: Decision): boolean {
  return decision.subjectToCallIn === false || Boolean(decision.urgencyReason?.trim());
}

export function decisionStatus(decision: Decision, rules: CallInRules, now: Date): DecisionStatus {
  const today = londonDate(now);
  if (decision.calledIn) {
    const state = callInState(decision, rules, now);
    return { state: 'called-in', ...(state.period ? { period: state.period } : {}), projected: false, implementable: false, reason: state.reason };
  }
  const exempt = isExemptFromCallIn(decision);
  if (today < decision.takenOn) {
    const projection = exempt ? undefined : callInPeriod(decision.publishedOn, rules);
    const when = `It is recorded as to be taken by ${decision.decisionMaker} on ${formatUkDate(decision.takenOn)}`;
    const then = exempt
      ? ' and is recorded as not subject to call-in.'
      : `, with the notice published on ${formatUkDate(decision.publishedOn)}. Its call-in period has not started.`;
    return {
      state: 'not-yet-taken',
      ...(projection ? { period: projection } : {}),
      projected: Boolean(projection),
      implementable: false,
      reason: `Not taken yet. ${when}${then}`,
    };
  }
  if (exempt) {
    const state = callInState(decision, rules, now);
    return { state: 'not-subject-to-call-in', projected: false, implementable: true, reason: state.reason };
  }
  if (today < decision.publishedOn) {
    return {
      state: 'not-yet-published',
      period: callInPeriod(decision.publishedOn, rules),
      projected: true,
      implementable: false,
      reason: `Taken on ${formatUkDate(decision.takenOn)}, but the decision notice is not published yet (due ${formatUkDate(
        decision.publishedOn,
      )}). The call-in period starts only after publication, so it is not in call-in and cannot be implemented yet.`,
    };
  }
  const state = callInState(decision, rules, now);
  return {
    state: state.state,
    ...(state.period ? { period: state.period } : {}),
    projected: false,
    implementable: state.state === 'can-be-implemented',
    reason: state.reason,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes: who may make them and what is valid
// ---------------------------------------------------------------------------------------------

/** Recording decisions and call-ins is democratic services' job (checked in the core for every route). */
export function mayRecordDecisions(roles: ReadonlySet<string>): boolean {
  return roles.has('democratic-services-admin');
}

const DateField = (label: string) =>
  z
    .string({ error: `${label} is missing` })
    .refine(isValidIsoDate, { message: `${label} must be a real date, for example 16 December 2020` });

/** A decision as democratic services record it (from chat or the card). */
export const RecordDecisionInput = z
  .object({
    councilId: z.string().min(1, 'the council is missing'),
    title: z.string().trim().min(3, 'the title is too short (at least 3 characters)').max(300, 'the title is too long (at most 300 characters)'),
    decisionMaker: z.string().trim().min(2, 'the decision maker is missing (e.g. Cabinet)').max(120, 'the decision maker is too long (at most 120 characters)'),
    takenOn: DateField('the date taken'),
    publishedOn: DateField('the date published'),
    keyDecision: z.boolean().default(false),
    subjectToCallIn: z.boolean().default(true),
    urgencyReason: z.string().trim().max(1000, 'the urgency reason is too long (at most 1,000 characters)').optional(),
    exempt: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (isValidIsoDate(d.takenOn) && isValidIsoDate(d.publishedOn) && d.publishedOn < d.takenOn) {
      ctx.addIssue({ code: 'custom', path: ['publishedOn'], message: 'the publication date is before the date the decision was taken' });
    }
    if (d.urgencyReason !== undefined && d.urgencyReason.length < 10) {
      ctx.addIssue({ code: 'custom', path: ['urgencyReason'], message: 'the urgency reason must say why (at least 10 characters)' });
    }
  });
export type RecordDecisionInput = z.infer<typeof RecordDecisionInput>;

/** A stable id: the same decision recorded twice is found, not duplicated. */
export function decisionId(councilId: string, takenOn: string, title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .replace(/-$/, '');
  return `${councilId}-dec-${takenOn}-${slug || 'decision'}`;
}

/**
 * Whether a call-in lodged on `lodgedOn` can be recorded. Returns the reason it cannot, or undefined.
 * A call-in must be lodged within the period: after publication and by its last day.
 */
export function callInLodgingProblem(decision: Decision, rules: CallInRules, lodgedOn: string): string | undefined {
  if (decision.calledIn) return `It is already recorded as called in${decision.calledInOn ? ` on ${formatUkDate(decision.calledInOn)}` : ''}.`;
  if (isExemptFromCallIn(decision)) {
    return decision.urgencyReason ? 'It was taken under the urgency procedure, so it is not subject to call-in.' : 'It is recorded as not subject to call-in.';
  }
  if (lodgedOn < decision.publishedOn) {
    return `The decision notice is published on ${formatUkDate(decision.publishedOn)}; a call-in can only be lodged once it is published, and ${formatUkDate(lodgedOn)} is before that.`;
  }
  const period = callInPeriod(decision.publishedOn, rules);
  if (lodgedOn > period.lastDay) {
    return `The call-in period ended on ${formatUkDate(period.lastDay)}${period.cutOffTime ? ` at ${period.cutOffTime}` : ''}, before ${formatUkDate(lodgedOn)}. If the call-in was lodged in time, give the date: "decision <title> was called in on <date>".`;
  }
  return undefined;
}
