/**
 * Who may see what. Exempt (Part Two) and internal-only content never reaches a channel or group
 * chat; in a personal chat, internal content is for officers and admins, exempt content only for
 * people with the right (admins, and the members of the committee concerned, decided by the caller).
 * This filter is applied in the core, before any answer is built, never in the card layer.
 */
export type Sensitivity = 'public' | 'internal' | 'exempt';

export interface Audience {
  conversationKind: 'personal' | 'channel' | 'groupChat';
  /** The reader may see internal-only content (a linked officer or an admin). */
  mayReadInternal: boolean;
  /** The reader may see exempt / Part Two content (decided per committee by the caller). */
  mayReadExempt: boolean;
}

export function isVisibleTo(sensitivity: Sensitivity | undefined, audience: Audience): boolean {
  const level = sensitivity ?? 'public';
  if (level === 'public') return true;
  if (audience.conversationKind !== 'personal') return false;
  if (level === 'internal') return audience.mayReadInternal || audience.mayReadExempt;
  return audience.mayReadExempt;
}

const SENSITIVITY_RANK: Record<Sensitivity, number> = { public: 0, internal: 1, exempt: 2 };

/**
 * The strictest of a record's own sensitivity and that of what contains it (its plan, its report):
 * a measure of an internal-only plan is internal however the measure itself is marked.
 */
export function strictestSensitivity(...levels: (Sensitivity | undefined)[]): Sensitivity {
  let strictest: Sensitivity = 'public';
  for (const level of levels) if (level && SENSITIVITY_RANK[level] > SENSITIVITY_RANK[strictest]) strictest = level;
  return strictest;
}

/** Keeps the records this audience may see; `sensitivityOf` gives each record's effective level. */
export function visibleRecords<T>(records: readonly T[], audience: Audience | undefined, sensitivityOf: (record: T) => Sensitivity): T[] {
  if (!audience) return [...records];
  return records.filter((record) => isVisibleTo(sensitivityOf(record), audience));
}
