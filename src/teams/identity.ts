/**
 * Who is asking: a Teams user becomes a Person by (1) a stored link on the AAD object id,
 * (2) the email/UPN from the connector's members endpoint (TeamsInfo.getMember) matched
 * case-insensitively to Person.email, then stored as a link, or (3) nobody: an unknown user who
 * may still ask public questions.
 *
 * Member look-ups are remembered so the connector is not asked on every message, and the two ways
 * of not getting an email are kept apart: "not found" (the connector answered 404, or the member
 * has no email) for NOT_FOUND_CACHE_MS, and "the look-up failed" (no answer, a timeout, a 5xx or
 * 429) only for LOOKUP_FAILURE_CACHE_MS, so one connector blip does not leave a linked person
 * "unknown" for minutes. Both are timed on a monotonic clock: under FIXED_NOW the business clock
 * never moves, which once made a failure last until restart.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Person } from '../domain/model.js';
import { rolesOf } from '../domain/roles.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import { NotSavedError, type Store } from '../store/store.js';
import type { Asker } from '../chat/types.js';

export const NOT_FOUND_CACHE_MS = 5 * 60 * 1000;
export const LOOKUP_FAILURE_CACHE_MS = 15 * 1000;
/** Remembered look-ups at most (oldest forgotten first), so a flood of made-up user ids cannot grow memory. */
const MAX_REMEMBERED = 10_000;

type LookUpMiss = { kind: 'not-found' | 'failed'; at: number };

/**
 * Emails from the connector's members endpoint, remembered per Teams user id. One instance serves
 * every IdentityService of the app (the turn's and the conversation-reference capture's), so a turn
 * asks the connector at most once per person, and two look-ups for one person at once share one call.
 */
export class MemberEmails {
  private readonly emails = new Map<string, string>();
  /** Teams user ids whose member look-up found no email, or failed, recently. */
  private readonly misses = new Map<string, LookUpMiss>();
  private readonly inFlight = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly log: Logger,
    /** Monotonic milliseconds, for how long a look-up is remembered. */
    private readonly steadyClock: () => number,
  ) {}

  known(userId: string): string | undefined {
    return this.emails.get(userId);
  }

  emailOf(context: TurnContext, userId: string): Promise<string | undefined> {
    const known = this.emails.get(userId);
    if (known) return Promise.resolve(known);
    const missed = this.misses.get(userId);
    if (missed) {
      const ttl = missed.kind === 'not-found' ? NOT_FOUND_CACHE_MS : LOOKUP_FAILURE_CACHE_MS;
      if (this.steadyClock() - missed.at < ttl) return Promise.resolve(undefined);
      this.misses.delete(userId);
    }
    let pending = this.inFlight.get(userId);
    if (!pending) {
      pending = this.lookUp(context, userId).finally(() => this.inFlight.delete(userId));
      this.inFlight.set(userId, pending);
    }
    return pending;
  }

  private async lookUp(context: TurnContext, userId: string): Promise<string | undefined> {
    let kind: LookUpMiss['kind'] = 'not-found';
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = (member.email ?? member.userPrincipalName)?.toLowerCase();
      if (typeof email === 'string' && email) {
        remember(this.emails, userId, email);
        return email;
      }
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404) kind = 'failed';
      this.log[kind === 'failed' ? 'warn' : 'debug']({ err: (error as Error).message, status, userId }, kind === 'failed' ? 'member look-up failed; asking again shortly' : 'member not found');
    }
    remember(this.misses, userId, { kind, at: this.steadyClock() });
    return undefined;
  }
}

export interface IdentityDependencies {
  store: Store;
  adminEmails: readonly string[];
  log: Logger;
  /** Business clock (when a link was made). */
  clock: () => Date;
  memberEmails: MemberEmails;
  /** Which of these AAD groups the user is in (the directory); role grants can name groups. */
  memberGroups?: (aadObjectId: string, groupIds: readonly string[]) => Promise<readonly string[]>;
}

export class IdentityService {
  private readonly store: Store;
  private readonly adminEmails: readonly string[];
  private readonly log: Logger;
  private readonly memberGroups?: IdentityDependencies['memberGroups'];

  constructor(private readonly deps: IdentityDependencies) {
    this.store = deps.store;
    this.adminEmails = deps.adminEmails;
    this.log = deps.log;
    this.memberGroups = deps.memberGroups;
  }

  async resolve(context: TurnContext, snapshot: Snapshot): Promise<Asker> {
    // The activity is whatever the sender put in it: only text of a sane length becomes an id or a name.
    const from = context.activity.from ?? { id: 'unknown', name: 'Unknown user' };
    const aadObjectId = textOrUndefined(from.aadObjectId, 200);
    const name = textOrUndefined(from.name, 500);
    let person: Person | undefined = aadObjectId ? snapshot.personByAadObjectId(aadObjectId) : undefined;
    let email = person?.email ?? (from.id ? this.deps.memberEmails.known(from.id) : undefined);
    if (!person && from.id) {
      email = email ?? (await this.deps.memberEmails.emailOf(context, from.id));
      if (email) {
        person = snapshot.personByEmail(email);
        if (person && aadObjectId) await this.link(aadObjectId, person);
      }
    }
    const aadGroupIds = await this.groupsOf(aadObjectId, snapshot);
    return {
      person,
      displayName: name ?? person?.name ?? 'Unknown user',
      aadObjectId,
      email,
      aadGroupIds,
      roles: rolesOf(snapshot, { person, email, aadGroupIds }, this.adminEmails),
    };
  }

  /** Only the groups that some grant names are checked; a failed check grants nothing. */
  private async groupsOf(aadObjectId: string | undefined, snapshot: Snapshot): Promise<string[]> {
    if (!aadObjectId || !this.memberGroups) return [];
    const named = [...new Set(snapshot.data.roleGrants.map((g) => g.aadGroupId).filter((id): id is string => Boolean(id)))];
    if (named.length === 0) return [];
    try {
      return [...(await this.memberGroups(aadObjectId, named))];
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'group membership lookup failed; group role grants not applied for this turn');
      return [];
    }
  }

  /** Remembers the link; if it cannot be stored now, the question is still answered and the next message tries again. */
  private async link(aadObjectId: string, person: Person): Promise<void> {
    try {
      await this.store.transact('link-identity', (tx) => {
        tx.linkIdentity({ aadObjectId, personId: person.id, linkedAt: this.deps.clock().toISOString(), how: 'email' });
      });
    } catch (error) {
      if (!(error instanceof NotSavedError)) throw error;
      this.log.warn({ err: error.message, personId: person.id }, 'identity link not saved; the person is recognised by email for this turn');
    }
  }
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) map.delete(map.keys().next().value as string);
}

function textOrUndefined(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : undefined;
}
