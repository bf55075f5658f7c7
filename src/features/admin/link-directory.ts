/** Link people from the directory (bulk): look everyone without a confirmed account up in Microsoft Graph. */
import { DirectoryUnavailableError, type Directory, type DirectoryUser } from '../../directory/directory.js';
import type { Person } from '../../domain/model.js';
import { hasAccount, mayLinkPerson, sameNameMatches, type Account } from '../../domain/people-links.js';
import { plural } from '../../domain/uk-format.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';
import { recordDirectoryLinks, type DirectoryLink } from './commands.js';
import { type AdminDeps, adminGuard, scopeOf } from './common.js';

/** Directory look-ups share the ~15 s Teams allows for a reply; the rest waits for the next run. */
const BULK_TIME_BUDGET_MS = 9_000;
const BULK_CONCURRENCY = 4;

interface BulkOutcome {
  person: Person;
  kind: 'linked' | 'confirmed' | 'several' | 'none' | 'email-unknown' | 'error' | 'not-checked';
  account?: Account;
  options?: DirectoryUser[];
  error?: string;
}

export async function linkFromDirectoryReply(deps: AdminDeps, ctx: ChatContext): Promise<Reply> {
  const refused = adminGuard(deps, ctx, 'link people from the directory');
  if (refused) return refused;
  const directory = deps.directory;
  if (!directory.enabled) {
    return messageReply({
      title: 'The directory is off.',
      body: `${directory.description} Ask your IT team to set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an app registration with the User.Read.All application permission; see docs/deploy.md). Until then, link people one at a time: "Darryl Eyers is darryl.evers@council.example".`,
      choices: [{ title: 'Who is unmapped?', ask: 'who is unmapped?' }],
    });
  }
  const scope = scopeOf(deps, ctx);
  const links = ctx.snapshot.data.identityLinks;
  const allowed = ctx.snapshot.people.filter((p) => mayLinkPerson(ctx.snapshot, scope, p, deps.adminEmails).allowed);
  const skipped = ctx.snapshot.people.filter((p) => !hasAccount(p, links)).length - allowed.filter((p) => !hasAccount(p, links)).length;
  // People with no account first (searched by name), then emails without an AAD id (confirmed).
  const work = [...allowed.filter((p) => !hasAccount(p, links)), ...allowed.filter((p) => p.email && !p.aadObjectId && !links.some((l) => l.personId === p.id))];
  const started = Date.now();
  const outcomes: BulkOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const person = work[next++]!;
      if (Date.now() - started > BULK_TIME_BUDGET_MS) {
        outcomes.push({ person, kind: 'not-checked' });
        continue;
      }
      outcomes.push(await lookUp(directory, person));
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, work.length) }, worker));

  const changes = outcomes.filter((o) => (o.kind === 'linked' || o.kind === 'confirmed') && o.account);
  const found: DirectoryLink[] = changes.map((o) => ({ personId: o.person.id, version: o.person.version, account: o.account!, how: o.kind === 'linked' ? 'matched-by-name' : 'email-confirmed' }));
  const recorded = await recordDirectoryLinks(deps, { links: found }, ctx);
  if (recorded.kind === 'refused') return messageReply({ title: 'I can\'t record the accounts the directory found.', body: `${recorded.reason}. Nothing was changed.` });
  if (recorded.kind !== 'recorded') return notSavedReply(recorded);
  const recordedIds = new Set(recorded.written.map((l) => l.personId));
  const written = changes.filter((o) => recordedIds.has(o.person.id));
  const changedMeanwhile = recorded.changedMeanwhile.map((l) => changes.find((o) => o.person.id === l.personId)!.person);
  const of = (kind: BulkOutcome['kind']) => outcomes.filter((o) => o.kind === kind);
  const names = (list: BulkOutcome[], max = 8) => list.slice(0, max).map((o) => o.person.name).join(', ') + (list.length > max ? ` and ${list.length - max} more` : '');
  const linked = written.filter((o) => o.kind === 'linked');
  const confirmed = written.filter((o) => o.kind === 'confirmed');
  const lines: string[] = [];
  if (linked.length) lines.push(`Linked by name (${linked.length}): ${linked.map((o) => `${o.person.name} → ${o.account!.email}`).join('; ')}`);
  if (confirmed.length) lines.push(`Email confirmed, Teams account recorded (${confirmed.length}): ${names(confirmed)}`);
  if (of('several').length) lines.push(`Several accounts match, choose (${of('several').length}): ${names(of('several'))}`);
  if (of('none').length) lines.push(`Nobody of that name in the directory (${of('none').length}): ${names(of('none'))}`);
  if (of('email-unknown').length) lines.push(`Email not found in the directory (${of('email-unknown').length}): ${names(of('email-unknown'))}`);
  if (of('error').length) lines.push(`Could not check (${of('error').length}): ${names(of('error'))}. ${of('error')[0]!.error ?? ''}`);
  if (of('not-checked').length) lines.push(`Not checked yet, to answer in time (${of('not-checked').length}): ask again to continue.`);
  if (changedMeanwhile.length) lines.push(`Changed by someone else meanwhile, left as they are: ${changedMeanwhile.map((p) => p.name).join(', ')}`);
  const choices: AskChoice[] = of('several')
    .flatMap((o) => (o.options ?? []).slice(0, 2).map((u) => ({ title: `${o.person.name} = ${u.displayName} (${u.mail ?? u.userPrincipalName})`, ask: `link ${o.person.id} to ${u.mail ?? u.userPrincipalName}` })))
    .slice(0, 5);
  return messageReply({
    title: work.length ? `Directory look-up: ${plural(work.length, 'person', 'people')} checked, ${plural(written.length, 'account')} recorded` : 'Nothing to look up: everyone I may link already has a confirmed account.',
    lines,
    notes: [
      ...(skipped > 0 ? [`${plural(skipped, 'person', 'people')} without an account ${skipped === 1 ? 'is' : 'are'} outside the plans you administer; a democratic services admin can link them.`] : []),
      'Every change is recorded in the audit log.',
    ],
    choices: [...choices, { title: 'Who is unmapped?', ask: 'who is unmapped?' }],
  });
}

async function lookUp(directory: Directory, person: Person): Promise<BulkOutcome> {
  try {
    if (person.email) {
      const user = await directory.findByEmail(person.email);
      return user ? { person, kind: 'confirmed', account: { email: person.email, aadObjectId: user.id, displayName: user.displayName } } : { person, kind: 'email-unknown' };
    }
    let matches: DirectoryUser[] = [];
    for (const name of [person.name, ...person.aliases]) {
      matches = sameNameMatches(person, await directory.searchByDisplayName(name)).filter((u) => u.mail ?? u.userPrincipalName);
      if (matches.length) break;
    }
    const unique = [...new Map(matches.map((u) => [u.id, u])).values()];
    if (unique.length === 1) {
      const user = unique[0]!;
      return { person, kind: 'linked', account: { email: (user.mail ?? user.userPrincipalName)!, aadObjectId: user.id, displayName: user.displayName } };
    }
    return unique.length > 1 ? { person, kind: 'several', options: unique } : { person, kind: 'none' };
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    return { person, kind: 'error', error: error.message };
  }
}
