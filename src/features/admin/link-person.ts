/**
 * Link one person to an account: "Darryl Eyers is darryl.evers@…", "link Pat Visitor to Tilly Flanagan"
 * (a directory name), or an owner name that matches nobody yet.
 */
import { DirectoryUnavailableError, type Directory, type DirectoryUser } from '../../directory/directory.js';
import type { Person } from '../../domain/model.js';
import { foldName, mayLinkPerson, normaliseEmail, unmatchedOwnerNames, type Account } from '../../domain/people-links.js';
import { plural } from '../../domain/uk-format.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import { resolveOwner } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { linkOwnerName, linkPerson } from './commands.js';
import { type AdminDeps, adminGuard, capitalise, scopeOf, whichPersonReply } from './common.js';

type PersonOrName = { kind: 'person'; person: Person } | { kind: 'owner-name'; name: string } | { kind: 'reply'; reply: Reply };

/** The person named in a link command, or an owner name that matches nobody yet. */
function linkSubject(deps: AdminDeps, ctx: ChatContext, words: string, retry: (who: string) => string): PersonOrName {
  const text = words.trim().replace(/^["']|["']$/g, '');
  const byId = ctx.snapshot.person(text);
  if (byId) return { kind: 'person', person: byId };
  const byEmail = normaliseEmail(text) ? ctx.snapshot.personByEmail(text) : undefined;
  if (byEmail) return { kind: 'person', person: byEmail };
  const unmatched = unmatchedOwnerNames(ctx.snapshot).find((e) => foldName(e.name) === foldName(text));
  const result = resolveOwner(ctx.snapshot, text);
  if (result.kind === 'one' && result.value.kind === 'person') {
    // An exact unmatched owner name beats a fuzzy person match ("Darryl Eyers" typed in a new cell).
    const exact = [result.value.person.name, ...result.value.person.aliases].some((n) => foldName(n) === foldName(text));
    if (exact || !unmatched) return { kind: 'person', person: result.value.person };
  }
  if (unmatched) return { kind: 'owner-name', name: unmatched.name };
  if (result.kind === 'one' && result.value.kind === 'group') {
    return {
      kind: 'reply',
      reply: messageReply({
        title: `"${result.value.group}" is a group of owners, not a person.`,
        body: 'A group cannot be linked to one account. Name a lead officer on its actions instead. Nothing was changed.',
      }),
    };
  }
  return {
    kind: 'reply',
    reply: whichPersonReply(words, result, (p) => retry(p.id), 'Say "who is unmapped?" to see the names I cannot match.'),
  };
}

interface CheckedAccount {
  account?: Account;
  /** Why there is no account, or a caveat about the one found. */
  problem?: string;
  notes: string[];
}

/** Confirms an email in the directory (when it is on) and picks up the AAD object id. */
async function checkEmail(directory: Directory, email: string, expectedName?: string[]): Promise<CheckedAccount> {
  if (!directory.enabled) return { account: { email }, notes: ['The directory is off, so I linked the email only; the Teams account is confirmed when they first message me.'] };
  try {
    const user = await directory.findByEmail(email);
    if (!user) return { problem: `The directory has no account with the email ${email}. Check the spelling.`, notes: [] };
    const notes = [`Found in the directory: ${user.displayName}${user.jobTitle ? `, ${user.jobTitle}` : ''}.`];
    if (expectedName && !expectedName.some((n) => foldName(n) === foldName(user.displayName))) {
      notes.push(`Check it is the right person: the directory calls this account "${user.displayName}".`);
    }
    return { account: { email: user.mail ?? email, aadObjectId: user.id, displayName: user.displayName }, notes };
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    return { account: { email }, notes: [`I could not check the directory (${error.message}), so I linked the email only.`] };
  }
}

export async function linkReply(deps: AdminDeps, ctx: ChatContext, left: string, right: string): Promise<Reply> {
  const refused = adminGuard(deps, ctx, 'link people to accounts');
  if (refused) return refused;
  let who = left;
  let accountWords = right;
  if (!normaliseEmail(right) && normaliseEmail(left)) [who, accountWords] = [right, left];
  const email = normaliseEmail(accountWords);
  if (!email) return linkByDirectoryName(deps, ctx, left, right);
  const subject = linkSubject(deps, ctx, who, (id) => `link ${id} to ${email}`);
  if (subject.kind === 'reply') return subject.reply;
  const directory = deps.directory;
  if (subject.kind === 'owner-name') {
    const checked = await checkEmail(directory, email, [subject.name]);
    if (!checked.account) return messageReply({ title: `I can't link "${subject.name}".`, body: `${checked.problem} Nothing was changed.` });
    return attachOwnerName(deps, ctx, subject.name, checked);
  }
  const person = subject.person;
  const permission = mayLinkPerson(ctx.snapshot, scopeOf(deps, ctx), person, deps.adminEmails);
  if (!permission.allowed) return messageReply({ title: `I can't link ${person.name}.`, body: `${capitalise(permission.reason)}. Nothing was changed.` });
  const checked = await checkEmail(directory, email, [person.name, ...person.aliases]);
  if (!checked.account) return messageReply({ title: `I can't link ${person.name}.`, body: `${checked.problem} Nothing was changed.` });
  return linkPersonTo(deps, ctx, person, checked.account, checked.notes, who);
}

/** "link Pat Visitor to Tilly Flanagan": one side is a person in the plans, the other a directory name. */
async function linkByDirectoryName(deps: AdminDeps, ctx: ChatContext, left: string, right: string): Promise<Reply> {
  const directory = deps.directory;
  const asPerson = (words: string) => {
    const r = resolveOwner(ctx.snapshot, words);
    return r.kind === 'one' && r.value.kind === 'person' ? r.value.person : undefined;
  };
  const rightPerson = asPerson(right);
  const leftPerson = rightPerson ? undefined : asPerson(left);
  const person = rightPerson ?? leftPerson;
  const accountName = rightPerson ? left : right;
  if (!person) {
    return messageReply({
      title: `I can't tell who to link: neither "${left}" nor "${right}" is a person in the plans I can match.`,
      body: 'Say "<name in the plan> is <their email>", for example "Darryl Eyers is darryl.evers@council.example". Nothing was changed.',
    });
  }
  if (!directory.enabled) {
    return messageReply({
      title: `"${accountName}" is not an email address.`,
      body: `The directory is off, so I can't look up accounts by name. Say "${person.name} is <their email>". Nothing was changed.`,
    });
  }
  const permission = mayLinkPerson(ctx.snapshot, scopeOf(deps, ctx), person, deps.adminEmails);
  if (!permission.allowed) return messageReply({ title: `I can't link ${person.name}.`, body: `${capitalise(permission.reason)}. Nothing was changed.` });
  let users: DirectoryUser[];
  try {
    users = await directory.searchByDisplayName(accountName);
  } catch (error) {
    if (!(error instanceof DirectoryUnavailableError)) throw error;
    return messageReply({ title: 'I could not search the directory.', body: `${error.message} Nothing was changed; try again later, or give their email.` });
  }
  const exact = users.filter((u) => foldName(u.displayName) === foldName(accountName));
  const candidates = exact.length ? exact : users;
  if (candidates.length !== 1 || !(candidates[0]!.mail ?? candidates[0]!.userPrincipalName)) {
    return messageReply({
      title: candidates.length ? `"${accountName}" matches ${plural(candidates.length, 'account')} in the directory. Which one?` : `The directory has nobody called "${accountName}".`,
      body: 'Nothing was changed yet.',
      choices: candidates
        .filter((u) => u.mail ?? u.userPrincipalName)
        .slice(0, 5)
        .map((u) => ({ title: `${u.displayName} (${u.mail ?? u.userPrincipalName})`, ask: `link ${person.id} to ${u.mail ?? u.userPrincipalName}` })),
    });
  }
  const user = candidates[0]!;
  const account = { email: (user.mail ?? user.userPrincipalName)!, aadObjectId: user.id, displayName: user.displayName };
  return linkPersonTo(deps, ctx, person, account, [`Found in the directory: ${user.displayName}${user.jobTitle ? `, ${user.jobTitle}` : ''}.`], person.name);
}

async function linkPersonTo(deps: AdminDeps, ctx: ChatContext, person: Person, account: Account, notes: string[], typedName: string): Promise<Reply> {
  const decision = await linkPerson(deps, { personId: person.id, account }, ctx);
  if (decision.kind === 'refused') return messageReply({ title: `I can't link ${person.name}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'unchanged') return messageReply({ title: `${capitalise(decision.reason)}.`, body: 'Nothing was changed.' });
  if (decision.kind !== 'linked') return notSavedReply(decision);
  const spelled = foldName(typedName) !== foldName(person.name) && !normaliseEmail(typedName) && !ctx.snapshot.person(typedName) ? ` ("${typedName}" is a spelling recorded for them)` : '';
  if (decision.dropLinks.length) notes.push('The Teams account linked to their previous email is no longer linked to them.');
  return messageReply({
    title: `Linked ${person.name} to ${decision.after.email}${spelled}.`,
    body: `I will recognise them when they message me${decision.after.aadObjectId ? '' : ' with that email'}. Recorded in the audit log.`,
    notes,
    choices: [
      { title: `What is ${person.name} delivering?`, ask: `what is ${decision.after.email} delivering` },
      { title: 'Who is unmapped?', ask: 'who is unmapped?' },
    ],
  });
}

async function attachOwnerName(deps: AdminDeps, ctx: ChatContext, name: string, checked: CheckedAccount): Promise<Reply> {
  const account = checked.account!;
  const decision = await linkOwnerName(deps, { ownerName: name, account }, ctx);
  if (decision.kind === 'refused') return messageReply({ title: `I can't link "${name}".`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind !== 'attached') return notSavedReply(decision);
  const what = decision.personBefore
    ? `"${name}" is now recorded as a spelling of ${decision.person.name}`
    : `${decision.person.name} added as a person with the email ${decision.person.email}`;
  return messageReply({
    title: `Linked "${name}" to ${account.email}.`,
    body: `${what}, owner of ${plural(decision.actions.length, 'action')}. Recorded in the audit log.`,
    notes: checked.notes,
    choices: [
      { title: `What is ${decision.person.name} delivering?`, ask: `what is ${decision.person.email ?? decision.person.name} delivering` },
      { title: 'Who is unmapped?', ask: 'who is unmapped?' },
    ],
  });
}
