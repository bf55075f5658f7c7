/**
 * What the understanding layer hands a feature: a Frame (which kind of answer is wanted, with every
 * entity recognised in the message and the filters they imply), and the contract a feature meets
 * to answer a kind of question (QuestionDefinition: its utterances, what it cannot do without, its
 * answer).
 */
import type { Action, Committee, Council, Decision, Person, Plan, Theme } from '../../domain/model.js';
import type { Period } from '../periods.js';
import type { ChatContext, Reply } from '../types.js';

/** Where a mention stands in the (standardised) text. */
export interface Span {
  start: number;
  end: number;
  /** The words as the person wrote them (after standardising). */
  text: string;
}

export interface ActionMention extends Span {
  /** One action when the reference is clear; several when it fits more than one ("which one?"). */
  actions: Action[];
  /** How the action was named: its number, its title, or words from its description. */
  by: 'number' | 'id' | 'title' | 'description' | 'memory';
  score: number;
}

export type OwnerMention = Span & ({ kind: 'person'; person: Person } | { kind: 'group'; group: string } | { kind: 'me' });

/** The status words people use, read as what they ask for. */
export type StatusWord = 'slipped' | 'overdue' | 'on-track' | 'at-risk' | 'completed' | 'not-started' | 'in-progress' | 'awaiting-endorsement' | 'no-date' | 'stale' | 'open' | 'deferred';

export interface DayMention extends Span {
  date: string;
  /** False when no year was written ("17/11"): the year is the one a council user would mean. */
  yearGiven: boolean;
}

export interface Entities {
  actions: ActionMention[];
  owners: OwnerMention[];
  plans: (Span & { plan: Plan })[];
  councils: (Span & { council: Council })[];
  themes: (Span & { theme: Theme })[];
  committees: (Span & { committee: Committee })[];
  decisions: (Span & { decisions: Decision[] })[];
  statuses: (Span & { status: StatusWord })[];
  days: DayMention[];
  periods: (Span & { period: Period })[];
  /** Words that look like the name of something the bot does not hold ("the scrutiny training"). */
  unknown: Span[];
}

export interface Frame {
  /** The kind of answer wanted, e.g. "action.status", "actions.list", "call-in.end". */
  kind: string;
  entities: Entities;
  /** The message as standardised for reading ("hows" → "how is", "w/c" → "week commencing"). */
  text: string;
  /** The message as written: commentary is recorded from this, never from the standardised text. */
  raw: string;
  /** How sure the reading is, 0..1. */
  confidence: number;
  /** Entities carried over from the conversation ("and who leads it?"). */
  fromMemory: ReadonlyArray<keyof Entities>;
  /** The message greeted or thanked the bot as well as asking. */
  tone: { greeting: boolean; thanks: boolean };
}

export type EntityNeed = 'action' | 'owner' | 'plan' | 'theme' | 'committee' | 'decision' | 'day' | 'period' | 'status';

export interface QuestionDefinition {
  kind: string;
  /**
   * How council users ask it, informal and abbreviated as they type, with entities as placeholders:
   * {action} {owner} {me} {plan} {council} {theme} {committee} {decision} {day} {period} {thing}.
   * Status words are written as people write them ("slipped", "behind", "done").
   */
  utterances: readonly string[];
  /** Entities this answer cannot do without; a reading that lacks one is unlikely. */
  needs?: readonly EntityNeed[];
  /** Real phrasings shown in help and in "did you mean" suggestions. */
  examples: readonly string[];
  /** True when the answer changes nothing and may be carried over as context for a follow-up. */
  readOnly?: boolean;
  /** A plain question that reaches this kind for sure, for clarifying buttons. */
  describe?(frame: Frame): { title: string; ask: string } | undefined;
  answer(frame: Frame, ctx: ChatContext): Reply | Promise<Reply>;
}

export function emptyEntities(): Entities {
  return { actions: [], owners: [], plans: [], councils: [], themes: [], committees: [], decisions: [], statuses: [], days: [], periods: [], unknown: [] };
}
