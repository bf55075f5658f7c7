/**
 * Who is asking: a Teams user becomes a Person by (1) a stored link on the AAD object id,
 * (2) the email/UPN from the connector's members endpoint (TeamsInfo.getMember) matched
 * case-insensitively to Person.email, then stored as a link, or (3) nobody: an unknown user who
 * may still ask public questions.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Person } from '../domain/model.js';
import { rolesOf } from '../domain/roles.js';
import type { Snapshot } from '../domain/snapshot.js';
import type { Logger } from '../log.js';
import { NotSavedError, type Store } from '../store/store.js';
import type { Asker } from '../chat/types.js';

const NEGATIVE_CACHE_MS = 5 * 60 * 1000;

export class IdentityService {
  /** Teams user ids whose member lookup failed recently: do not ask the connector on every message. */
  private readonly misses = new Map<string, number>();
  private readonly emails = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly adminEmails: readonly string[],
    private readonly log: Logger,
    private readonly now: () => Date,
    /** Which of these AAD groups the user is in (the directory); role grants can name groups. */
    private readonly memberGroups?: (aadObjectId: string, groupIds: readonly string[]) => Promise<readonly string[]>,
  ) {}

  async resolve(context: TurnContext, snapshot: Snapshot): Promise<Asker> {
    // The activity is whatever the sender put in it: only text of a sane length becomes an id or a name.
    const from = context.activity.from ?? { id: 'unknown', name: 'Unknown user' };
    const aadObjectId = textOrUndefined(from.aadObjectId, 200);
    const name = textOrUndefined(from.name, 500);
    let person: Person | undefined = aadObjectId ? snapshot.personByAadObjectId(aadObjectId) : undefined;
    let email = person?.email ?? (from.id ? this.emails.get(from.id) : undefined);
    if (!person && from.id) {
      email = email ?? (await this.lookUpEmail(context, from.id));
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

  private async lookUpEmail(context: TurnContext, userId: string): Promise<string | undefined> {
    const missedAt = this.misses.get(userId);
    if (missedAt && this.now().getTime() - missedAt < NEGATIVE_CACHE_MS) return undefined;
    try {
      const member = await TeamsInfo.getMember(context, userId);
      const email = (member.email ?? member.userPrincipalName)?.toLowerCase();
      if (email) {
        this.emails.set(userId, email);
        return email;
      }
    } catch (error) {
      this.log.debug({ err: (error as Error).message, userId }, 'member lookup failed');
    }
    this.misses.set(userId, this.now().getTime());
    return undefined;
  }

  /** Remembers the link; if it cannot be stored now, the question is still answered and the next message tries again. */
  private async link(aadObjectId: string, person: Person): Promise<void> {
    try {
      await this.store.transact('link-identity', (tx) => {
        tx.linkIdentity({ aadObjectId, personId: person.id, linkedAt: this.now().toISOString(), how: 'email' });
      });
    } catch (error) {
      if (!(error instanceof NotSavedError)) throw error;
      this.log.warn({ err: error.message, personId: person.id }, 'identity link not saved; the person is recognised by email for this turn');
    }
  }
}

function textOrUndefined(value: unknown, maxLength: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= maxLength ? value : undefined;
}
