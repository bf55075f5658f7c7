/**
 * Administration from chat: roles ("make Nick Pountney a democratic services admin", "remove … as
 * …", "who are the admins?", "what are my roles?") and accounts ("who is unmapped?", "Darryl Eyers
 * is darryl.evers@…", "link people from the directory").
 *
 * Every command that changes something checks the asker's rights in the core (domain/role-admin.ts,
 * domain/people-links.ts), works only in a personal chat (replies carry emails and roles), and is
 * written in one transaction with an AuditEntry holding the before and after.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import { DirectoryUnavailableError, directoryOf, type Directory, type DirectoryUser } from '../../directory/directory.js';
import type { Action, AuditEntry, Person, RoleName } from '../../domain/model.js';
import {
  foldName,
  hasAccount,
  mayLinkPerson,
  newPersonId,
  normaliseEmail,
  planOwnerNameLink,
  planPersonLink,
  sameNameMatches,
  unmatchedOwnerNames,
  type Account,
} from '../../domain/people-links.js';
import {
  adminsOverview,
  describeRole,
  describeTarget,
  planGrant,
  planName,
  planRevoke,
  type Holder,
  type RoleTarget,
} from '../../domain/role-admin.js';
import { adminScopeOf, isAnyAdmin, type AdminScope } from '../../domain/roles.js';
import { unmappedReport } from '../../domain/unmapped.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { VersionConflictError } from '../../store/store.js';
import { visibleActions } from '../present.js';
import { listReply, messageReply, type ListGroup } from '../reply.js';
import { resolveOwner, resolvePlan } from '../resolve.js';
import type { AskChoice, ChatContext, IntentDefinition, Reply } from '../types.js';

// ---------------------------------------------------------------------------------------------
// Who is asking, and may they?
// ---------------------------------------------------------------------------------------------

function adminEmails(ctx: ChatContext): readonly string[] {
  return (ctx.services.features.config as Config | undefined)?.ADMIN_EMAILS ?? [];
}

function scopeOf(ctx: ChatContext): AdminScope {
  return adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, adminEmails(ctx));
}

function actorLabel(ctx: ChatContext): string {
  const name = ctx.asker.person?.name ?? ctx.asker.displayName;
  const email = ctx.asker.email ?? ctx.asker.person?.email;
  return email ? `${name} (${email})` : name;
}

/** Refuses non-admins and channels; undefined when the command may go ahead. */
function adminGuard(ctx: ChatContext, what: string): Reply | undefined {
  if (!isAnyAdmin(scopeOf(ctx))) {
    return messageReply({
      title: `Only plan admins and democratic services admins can ${what}.`,
      body: 'Nothing was changed. Say "who are the admins?" to see who can help.',
      choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
    });
  }
  if (ctx.conversation.kind !== 'personal') {
    return messageReply({
      title: 'Admin commands work only in a personal chat with me.',
      body: 'Their answers include people\'s emails and roles, so I do not post them here. Nothing was changed; send the same message to me in a personal chat.',
    });
  }
  return undefined;
}

function audit(ctx: ChatContext, command: string, entity: string, entityId: string, before: unknown, after: unknown, note?: string): AuditEntry {
  return {
    id: randomUUID(),
    at: ctx.now.toISOString(),
    actorId: ctx.asker.person?.id ?? ctx.asker.aadObjectId,
    actorName: actorLabel(ctx),
    command,
    entity,
    entityId,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
    ...(note ? { note } : {}),
  };
}

function conflictReply(error: unknown): Reply {
  if (error instanceof VersionConflictError) {
    return messageReply({ title: 'Someone changed this at the same moment.', body: 'Nothing was saved. Please send the command again.' });
  }
  throw error;
}

// ---------------------------------------------------------------------------------------------
// Roles: parse
// ---------------------------------------------------------------------------------------------

const ROLE_WORD =
  '(democratic services admin(?:istrator)?|democratic services|dem(?:ocratic)? serv(?:ices)? admin|ds admin|plan admin(?:istrator)?|admin(?:istrator)?|officer|member|councillor)';

type RoleWord = RoleName | 'admin';

function roleFromWord(word: string): RoleWord {
  const w = word.toLowerCase();
  if (/^(democratic|dem|ds)/.test(w)) return 'democratic-services-admin';
  if (w.startsWith('plan')) return 'plan-admin';
  if (w === 'officer') return 'officer';
  if (w === 'member' || w === 'councillor') return 'member';
  return 'admin';
}

const EVERY_PLAN = /^(?:all|every|each|any)(?: the)? plans?$|^everything$/i;

type PlanChoice = { kind: 'plan'; planId?: string } | { kind: 'reply'; reply: Reply };

function planFromWords(ctx: ChatContext, words: string | undefined, retry: (planWords: string) => string): PlanChoice {
  if (!words) return { kind: 'plan' };
  const text = words.trim().replace(/^the\s+/i, '');
  if (EVERY_PLAN.test(text)) return { kind: 'plan' };
  const result = resolvePlan(ctx.snapshot, text);
  if (result.kind === 'one') return { kind: 'plan', planId: result.value.id };
  const options = result.kind === 'many' ? result.options : ctx.snapshot.plans;
  return {
    kind: 'reply',
    reply: messageReply({
      title: result.kind === 'many' ? `"${words}" matches more than one plan. Which one?` : `I can't find a plan called "${words}".`,
      body: 'Nothing was changed.',
      choices: options.slice(0, 5).map((p) => ({ title: p.abbreviation ?? p.title, ask: retry(p.abbreviation ?? p.title) })),
    }),
  };
}

const GROUP_TARGET = /^(?:the\s+)?(?:(?:azure\s+ad|aad|entra(?:\s+id)?|security|microsoft\s+365|m365|teams)\s+)?group\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

type TargetChoice = { kind: 'target'; target: RoleTarget } | { kind: 'reply'; reply: Reply };

/** A person in the data (name, alias, email or id), an email, or "group <AAD group id>". */
function roleTargetFrom(ctx: ChatContext, words: string, retry: (who: string) => string): TargetChoice {
  const text = words.trim().replace(/^["']|["']$/g, '');
  const group = GROUP_TARGET.exec(text);
  if (group) return { kind: 'target', target: { kind: 'group', aadGroupId: group[1]!.toLowerCase() } };
  const email = normaliseEmail(text);
  if (email) {
    const person = ctx.snapshot.personByEmail(email);
    return { kind: 'target', target: person ? { kind: 'person', person } : { kind: 'email', email } };
  }
  const byId = ctx.snapshot.person(text);
  if (byId) return { kind: 'target', target: { kind: 'person', person: byId } };
  const result = resolveOwner(ctx.snapshot, text);
  if (result.kind === 'one' && result.value.kind === 'person') return { kind: 'target', target: { kind: 'person', person: result.value.person } };
  if (result.kind === 'one' && result.value.kind === 'group') {
    return {
      kind: 'reply',
      reply: messageReply({
        title: `"${result.value.group}" is a group of owners in the plans, not a person.`,
        body: 'Roles are given to a person (by name or email) or to an Azure AD group by its id: "make group 00000000-0000-0000-0000-000000000000 a plan admin for the CIP". Nothing was changed.',
      }),
    };
  }
  if (result.kind === 'many') {
    const people = result.options.filter((o) => o.kind === 'person').map((o) => o.person);
    return {
      kind: 'reply',
      reply: messageReply({
        title: `"${words}" matches more than one person. Who do you mean?`,
        body: 'Nothing was changed yet.',
        choices: people.slice(0, 5).map((p) => ({ title: personChoiceTitle(p), ask: retry(p.email ?? p.id) })),
      }),
    };
  }
  const suggestions = result.kind === 'none' ? result.suggestions.filter((o) => o.kind === 'person').map((o) => o.person) : [];
  return {
    kind: 'reply',
    reply: messageReply({
      title: `I don't know anyone called "${words}" in the plans.`,
      body: suggestions.length
        ? 'Did you mean one of these? Nothing was changed.'
        : 'Check the spelling, or use their email address (for someone not named in any plan). Nothing was changed.',
      choices: suggestions.map((p) => ({ title: personChoiceTitle(p), ask: retry(p.email ?? p.id) })),
    }),
  };
}

function personChoiceTitle(person: Person): string {
  const detail = person.jobTitle ?? person.email ?? person.roleNotes[0];
  return detail ? `${person.name} (${detail.length > 40 ? `${detail.slice(0, 37)}...` : detail})` : person.name;
}

function roleAsk(verb: 'make' | 'remove', who: string, role: RoleName, planWords?: string): string {
  const phrase = role === 'democratic-services-admin' ? 'democratic services admin' : role === 'plan-admin' ? 'plan admin' : role === 'member' ? 'member' : 'officer';
  const plan = role === 'plan-admin' && planWords ? ` for ${planWords}` : '';
  return verb === 'make' ? `make ${who} a ${phrase}${plan}` : `remove ${who} as ${phrase}${plan}`;
}

// ---------------------------------------------------------------------------------------------
// Roles: grant and remove
// ---------------------------------------------------------------------------------------------

interface RoleCommand {
  verb: 'make' | 'remove';
  who: string;
  roleWord: string;
  planWords?: string;
}

async function roleCommandReply(ctx: ChatContext, command: RoleCommand): Promise<Reply> {
  const refused = adminGuard(ctx, command.verb === 'make' ? 'give people roles' : 'remove roles');
  if (refused) return refused;
  const roleWord = roleFromWord(command.roleWord);
  if (roleWord === 'admin') {
    if (command.planWords) return roleCommandReply(ctx, { ...command, roleWord: 'plan admin' });
    return messageReply({
      title: `Which kind of admin should ${command.who} ${command.verb === 'make' ? 'be' : 'stop being'}?`,
      body: 'A plan admin runs one plan (or every plan); a democratic services admin manages everyone\'s roles and links. Nothing was changed yet.',
      choices: [
        ...ctx.snapshot.plans.slice(0, 3).map((p) => ({ title: `Plan admin, ${p.abbreviation ?? p.title}`, ask: roleAsk(command.verb, command.who, 'plan-admin', p.abbreviation ?? p.title) })),
        { title: 'Plan admin, every plan', ask: roleAsk(command.verb, command.who, 'plan-admin', 'every plan') },
        { title: 'Democratic services admin', ask: roleAsk(command.verb, command.who, 'democratic-services-admin') },
      ],
    });
  }
  const role = roleWord;
  if (role !== 'plan-admin' && command.planWords) {
    return messageReply({
      title: `The ${describeRole(ctx.snapshot, role)} role is not given per plan.`,
      body: `Say "${roleAsk(command.verb, command.who, role)}". Nothing was changed.`,
    });
  }
  const target = roleTargetFrom(ctx, command.who, (who) => roleAsk(command.verb, who, role, command.planWords));
  if (target.kind === 'reply') return target.reply;
  const plan = planFromWords(ctx, role === 'plan-admin' ? command.planWords : undefined, (planWords) => roleAsk(command.verb, command.who, role, planWords));
  if (plan.kind === 'reply') return plan.reply;
  if (role === 'plan-admin' && !command.planWords && command.verb === 'remove') {
    // "remove X as plan admin": when X runs exactly one plan (or only every plan), that is the one.
    const held = planAdminHoldings(ctx, target.target);
    if (held.length === 1) return roleCommandReply(ctx, { ...command, planWords: held[0] });
  }
  if (role === 'plan-admin' && !command.planWords && ctx.snapshot.plans.length > 1) {
    return messageReply({
      title: `${command.verb === 'make' ? 'Plan admin' : 'Remove plan admin'} for which plan?`,
      body: 'Nothing was changed yet.',
      choices: [
        ...ctx.snapshot.plans.slice(0, 4).map((p) => ({ title: p.abbreviation ?? p.title, ask: roleAsk(command.verb, command.who, role, p.abbreviation ?? p.title) })),
        { title: 'Every plan', ask: roleAsk(command.verb, command.who, role, 'every plan') },
      ],
    });
  }
  const change = { role, planId: plan.planId, target: target.target };
  const actor = { scope: scopeOf(ctx), label: actorLabel(ctx) };
  const roleText = describeRole(ctx.snapshot, role, plan.planId);
  const who = describeTarget(target.target);
  if (command.verb === 'make') return grantReply(ctx, change, actor, roleText, who);
  return revokeReply(ctx, change, actor, roleText, who);
}

/** The plans (by name, "every plan") a target is plan admin of, through grants or a plan's own list. */
function planAdminHoldings(ctx: ChatContext, target: RoleTarget): string[] {
  const held = new Set<string>();
  for (const grant of ctx.snapshot.data.roleGrants) {
    if (grant.role !== 'plan-admin') continue;
    const matches =
      target.kind === 'group'
        ? grant.aadGroupId === target.aadGroupId
        : target.kind === 'email'
          ? grant.email?.toLowerCase() === target.email
          : grant.personId === target.person.id || (grant.email !== undefined && grant.email.toLowerCase() === target.person.email?.toLowerCase());
    if (!matches) continue;
    const plan = grant.planId ? ctx.snapshot.plan(grant.planId) : undefined;
    held.add(grant.planId ? (plan?.abbreviation ?? plan?.title ?? grant.planId) : 'every plan');
  }
  if (target.kind === 'person') {
    for (const plan of ctx.snapshot.plans) if (plan.adminIds.includes(target.person.id)) held.add(plan.abbreviation ?? plan.title);
  }
  return [...held];
}

async function grantReply(ctx: ChatContext, change: Parameters<typeof planGrant>[1], actor: Parameters<typeof planGrant>[2], roleText: string, who: string): Promise<Reply> {
  const decision = planGrant(ctx.snapshot, change, actor, adminEmails(ctx), ctx.now, `grant-${randomUUID()}`);
  if (decision.kind === 'refused') return messageReply({ title: `I can't make ${who} a ${roleText}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'already') return messageReply({ title: `${capitalise(decision.how)}.`, body: 'Nothing was changed.' });
  const grant = decision.grant;
  await ctx.services.store.transact('grant-role', (tx) => {
    tx.put('roleGrants', grant);
    tx.put('audit', audit(ctx, 'grant-role', 'roleGrant', grant.id, undefined, grant, `${who} made ${roleText}`));
  });
  const notes: string[] = [];
  if (change.target.kind === 'email') notes.push(`${who} is not named in any plan yet; the role applies when someone with that Teams email messages me.`);
  if (change.target.kind === 'group') {
    notes.push(
      directoryOf(ctx.services.features).enabled
        ? 'Group roles are checked in the directory when members message me (the app registration needs GroupMember.Read.All as well as User.Read.All).'
        : 'The directory is off (GRAPH_* not set), so I cannot check group membership: this grant has no effect until the directory is configured.',
    );
  }
  if (change.target.kind === 'person' && !hasAccount(change.target.person, ctx.snapshot.data.identityLinks)) {
    notes.push(`${who} has no account linked yet, so I can't recognise them: link them with "${who} is <their email>".`);
  }
  return messageReply({
    title: `${capitalise(who)} is now a ${roleText}.`,
    body: 'Recorded in the audit log.',
    notes,
    choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
  });
}

async function revokeReply(ctx: ChatContext, change: Parameters<typeof planRevoke>[1], actor: Parameters<typeof planRevoke>[2], roleText: string, who: string): Promise<Reply> {
  const decision = planRevoke(ctx.snapshot, change, actor, adminEmails(ctx));
  if (decision.kind === 'refused') return messageReply({ title: `I can't remove ${who} as ${roleText}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'not-held') {
    return messageReply({ title: `${capitalise(who)} is not a ${roleText}.`, body: `${decision.hint ? `${capitalise(decision.hint)}. ` : ''}Nothing was changed.` });
  }
  try {
    await ctx.services.store.transact('revoke-role', (tx) => {
      for (const grant of decision.grants) {
        tx.delete('roleGrants', grant.id);
        tx.put('audit', audit(ctx, 'revoke-role', 'roleGrant', grant.id, grant, undefined, `${who} removed as ${roleText}`));
      }
      for (const plan of decision.fromPlanAdminLists) {
        const current = tx.get('plans', plan.id) ?? plan;
        const personId = change.target.kind === 'person' ? change.target.person.id : '';
        const after = { ...current, adminIds: current.adminIds.filter((id) => id !== personId) };
        tx.put('plans', after);
        tx.put('audit', audit(ctx, 'revoke-role', 'plan', plan.id, { adminIds: current.adminIds }, { adminIds: after.adminIds }, `${who} removed from the plan's admins`));
      }
    });
  } catch (error) {
    return conflictReply(error);
  }
  return messageReply({
    title: `${capitalise(who)} is no longer a ${roleText}.`,
    body: 'Recorded in the audit log.',
    choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
  });
}

// ---------------------------------------------------------------------------------------------
// Who are the admins? What are my roles?
// ---------------------------------------------------------------------------------------------

function adminsReply(ctx: ChatContext): Reply {
  const overview = adminsOverview(ctx.snapshot, adminEmails(ctx));
  // Emails and grant details are for admins in a personal chat; everyone else sees names.
  const detailed = isAnyAdmin(scopeOf(ctx)) && ctx.conversation.kind === 'personal';
  const name = (h: Holder) =>
    detailed ? `${h.label}${h.email && h.email !== h.label ? ` (${h.email})` : ''}, ${h.source}${h.grantedAt ? ` on ${formatUkDate(londonDate(new Date(h.grantedAt)))}` : ''}` : h.label;
  const names = (holders: Holder[]) => (holders.length ? holders.map(name).join('; ') : 'nobody');
  const lines = [`Democratic services admins (manage every role and account link): ${names(overview.democraticServices)}`];
  if (overview.everyPlan.length) lines.push(`Plan admins for every plan: ${names(overview.everyPlan)}`);
  for (const { plan, holders } of overview.byPlan) lines.push(`Plan admins for ${planName(plan)}: ${names(holders)}`);
  if (overview.fromEnvironment.length) {
    const envNames = overview.fromEnvironment.map((e) => (detailed ? (e.person ? `${e.person.name} (${e.email})` : e.email) : (e.person?.name ?? 'an address not in the plans')));
    lines.push(`Admins of everything, set in the bot's environment (ADMIN_EMAILS): ${envNames.join('; ')}`);
  }
  if (detailed && overview.officersAndMembers.length) {
    lines.push(`Officer and councillor roles given in chat: ${overview.officersAndMembers.map((h) => `${name(h)} (${h.role})`).join('; ')}`);
  }
  return messageReply({
    title: 'Who administers the bot',
    lines,
    notes: [
      'Democratic services admins can give and remove any role. Plan admins can make other people plan admins for the plans they run. Say, for example, "make Heather Greenan a plan admin for the CIP".',
    ],
  });
}

function myRolesReply(ctx: ChatContext): Reply {
  const scope = scopeOf(ctx);
  const roles: string[] = [];
  if (scope.fromEnvironment) roles.push('admin of everything (set in ADMIN_EMAILS)');
  else if (scope.democraticServices) roles.push('democratic services admin');
  if (!scope.fromEnvironment) {
    if (scope.allPlans) roles.push('plan admin for every plan');
    else for (const planId of scope.planIds) roles.push(describeRole(ctx.snapshot, 'plan-admin', planId));
  }
  const person = ctx.asker.person;
  if (person) {
    const owned = visibleActions(ctx, ctx.snapshot.actionsOwnedBy(person.id));
    if (owned.length) roles.push(`action lead (${plural(owned.length, 'action')})`);
  }
  if (ctx.asker.roles.has('member')) roles.push('councillor (member)');
  if (ctx.asker.roles.has('officer')) roles.push('officer');
  if (!person) {
    return messageReply({
      title: "I don't know who you are yet.",
      body: `Your Teams account (${ctx.asker.displayName}) is not linked to anyone in the plans${roles.length ? `, but you are: ${roles.join(', ')}` : ''}. An admin can link you: "${ctx.asker.displayName} is <your email>".`,
    });
  }
  return messageReply({
    title: `Your roles, ${person.name}`,
    lines: roles.length ? roles.map((r) => `- ${r}`) : ['No roles: you can ask about any public action, meeting or call-in date.'],
    choices: roles.some((r) => r.startsWith('action lead')) ? [{ title: 'What do I own?', ask: 'what do I own?' }] : [],
  });
}

// ---------------------------------------------------------------------------------------------
// Who is unmapped?
// ---------------------------------------------------------------------------------------------

function actionNumbers(ctx: ChatContext, actions: readonly Action[]): string {
  if (actions.length === 0) return 'no actions shown here';
  const labels = actions.slice(0, 6).map((a) => {
    const abbreviation = ctx.snapshot.plan(a.planId)?.abbreviation;
    const label = a.number ?? (a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title);
    return abbreviation ? `${abbreviation} ${label}` : label;
  });
  return `${plural(actions.length, 'action')}: ${labels.join(', ')}${actions.length > 6 ? ', …' : ''}`;
}

function unmappedReply(ctx: ChatContext, text: string): Reply {
  const refused = adminGuard(ctx, 'see who is unmapped');
  if (refused) return refused;
  const report = unmappedReport(ctx.snapshot, (actions) => visibleActions(ctx, actions));
  const directory = directoryOf(ctx.services.features);
  const candidates: ListGroup[] = [
    {
      heading: `Owners with no account (${report.owners.length})`,
      explanation: 'No email and no Teams account: I cannot recognise or message them.',
      color: 'Attention',
      items: report.owners.map(({ person, actions }) => ({
        heading: person.name + (person.aliases.length ? ` (also written ${person.aliases.join(', ')})` : ''),
        lines: [actionNumbers(ctx, actions), `Link: "${person.name} is <their email>"`],
        ask: `what is ${person.email ?? person.name} delivering`,
      })),
    },
    {
      heading: `Owner names that match nobody (${report.unmatchedNames.length})`,
      explanation: 'Written in a plan but not matched to a person: a spelling variant or someone new.',
      color: 'Attention',
      items: report.unmatchedNames.map(({ name, actions }) => ({
        heading: name,
        lines: [actionNumbers(ctx, actions), `Link: "${name} is <their email>" (an existing person's email adds this spelling to them)`],
        ask: actions[0] ? `status of ${actions[0].id}` : 'who is unmapped?',
      })),
    },
    {
      heading: `Groups, not people (${report.groups.length})`,
      explanation: 'A group cannot be linked to one account; name a lead officer on these actions to have them chased.',
      color: 'Warning',
      items: report.groups.map(({ group, actions }) => ({ heading: group, lines: [actionNumbers(ctx, actions)], ask: `what is ${group} delivering` })),
    },
    {
      heading: `Spelling variants folded into one person (${report.variants.length})`,
      explanation: 'Check these are the same person.',
      items: report.variants.map(({ person, aliases }) => ({
        heading: `${person.name}, also written ${aliases.join(', ')}`,
        lines: [person.email ? `Account: ${person.email}` : person.aadObjectId ? 'Has a Teams account' : 'No account yet'],
        ask: `what is ${person.email ?? person.name} delivering`,
      })),
    },
    {
      heading: `Others named in the data with no account (${report.others.length})`,
      explanation: 'Committee members and officers who own no action.',
      items: report.others.map((person) => ({ heading: person.name, lines: [...person.roleNotes.slice(0, 1), `Link: "${person.name} is <their email>"`], ask: `what is ${person.name} delivering` })),
    },
  ];
  const groups = candidates.filter((g) => g.items.length > 0);
  const notes: string[] = [];
  if (report.emailOnly.length) {
    notes.push(
      `${plural(report.emailOnly.length, 'owner')} ${report.emailOnly.length === 1 ? 'has' : 'have'} an email but no confirmed Teams account yet; I recognise them by email when they first message me.`,
    );
  }
  notes.push(directory.enabled ? 'Say "link people from the directory" to look everyone up in Microsoft Graph.' : directory.description);
  const unmappedCount = report.owners.length + report.unmatchedNames.length;
  return listReply({
    title: unmappedCount ? `Who is unmapped: ${plural(unmappedCount, 'owner')} I cannot recognise` : 'Who is unmapped: every owner in the plans has an account',
    subtitle: report.groups.length ? `${plural(report.groups.length, 'group')} own actions and cannot be linked to one person.` : undefined,
    groups,
    emptyText: 'Every person named in the data has an account, and no action is owned by a group.',
    notes,
    ask: text,
    page: ctx.page,
    extraButtons: directory.enabled ? [{ title: 'Link people from the directory', ask: 'link people from the directory' }] : [],
  });
}

// ---------------------------------------------------------------------------------------------
// Link one person to an account
// ---------------------------------------------------------------------------------------------

type PersonOrName = { kind: 'person'; person: Person } | { kind: 'owner-name'; name: string } | { kind: 'reply'; reply: Reply };

/** The person named in a link command, or an owner name that matches nobody yet. */
function linkSubject(ctx: ChatContext, words: string, retry: (who: string) => string): PersonOrName {
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
  if (result.kind === 'many') {
    const people = result.options.filter((o) => o.kind === 'person').map((o) => o.person);
    return {
      kind: 'reply',
      reply: messageReply({
        title: `"${words}" matches more than one person. Who do you mean?`,
        body: 'Nothing was changed yet.',
        choices: people.slice(0, 5).map((p) => ({ title: personChoiceTitle(p), ask: retry(p.id) })),
      }),
    };
  }
  const suggestions = result.kind === 'none' ? result.suggestions.filter((o) => o.kind === 'person').map((o) => o.person) : [];
  return {
    kind: 'reply',
    reply: messageReply({
      title: `I don't know anyone called "${words}" in the plans.`,
      body: suggestions.length ? 'Did you mean one of these? Nothing was changed.' : 'Say "who is unmapped?" to see the names I cannot match. Nothing was changed.',
      choices: suggestions.map((p) => ({ title: personChoiceTitle(p), ask: retry(p.id) })),
    }),
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

async function linkReply(ctx: ChatContext, left: string, right: string): Promise<Reply> {
  const refused = adminGuard(ctx, 'link people to accounts');
  if (refused) return refused;
  let who = left;
  let accountWords = right;
  if (!normaliseEmail(right) && normaliseEmail(left)) [who, accountWords] = [right, left];
  const email = normaliseEmail(accountWords);
  if (!email) return linkByDirectoryName(ctx, left, right);
  const subject = linkSubject(ctx, who, (id) => `link ${id} to ${email}`);
  if (subject.kind === 'reply') return subject.reply;
  const directory = directoryOf(ctx.services.features);
  if (subject.kind === 'owner-name') {
    const checked = await checkEmail(directory, email, [subject.name]);
    if (!checked.account) return messageReply({ title: `I can't link "${subject.name}".`, body: `${checked.problem} Nothing was changed.` });
    return attachOwnerName(ctx, subject.name, checked);
  }
  const person = subject.person;
  const permission = mayLinkPerson(ctx.snapshot, scopeOf(ctx), person, adminEmails(ctx));
  if (!permission.allowed) return messageReply({ title: `I can't link ${person.name}.`, body: `${capitalise(permission.reason)}. Nothing was changed.` });
  const checked = await checkEmail(directory, email, [person.name, ...person.aliases]);
  if (!checked.account) return messageReply({ title: `I can't link ${person.name}.`, body: `${checked.problem} Nothing was changed.` });
  return linkPersonTo(ctx, person, checked.account, checked.notes, who);
}

/** "link Pat Visitor to Tilly Flanagan": one side is a person in the plans, the other a directory name. */
async function linkByDirectoryName(ctx: ChatContext, left: string, right: string): Promise<Reply> {
  const directory = directoryOf(ctx.services.features);
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
  const permission = mayLinkPerson(ctx.snapshot, scopeOf(ctx), person, adminEmails(ctx));
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
  return linkPersonTo(ctx, person, account, [`Found in the directory: ${user.displayName}${user.jobTitle ? `, ${user.jobTitle}` : ''}.`], person.name);
}

async function linkPersonTo(ctx: ChatContext, person: Person, account: Account, notes: string[], typedName: string): Promise<Reply> {
  const decision = planPersonLink(ctx.snapshot, person, account, scopeOf(ctx), adminEmails(ctx));
  if (decision.kind === 'refused') return messageReply({ title: `I can't link ${person.name}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'unchanged') return messageReply({ title: `${capitalise(decision.reason)}.`, body: 'Nothing was changed.' });
  try {
    await ctx.services.store.transact('link-person', (tx) => {
      const taken = tx.list('people').find((p) => p.id !== person.id && p.email?.toLowerCase() === decision.after.email);
      if (taken) throw new VersionConflictError('people', taken.id, 0, 0);
      tx.put('people', decision.after, { expectedVersion: decision.before.version });
      for (const aad of decision.dropLinks) tx.unlinkIdentity(aad);
      tx.put(
        'audit',
        audit(
          ctx,
          'link-person',
          'person',
          person.id,
          { email: decision.before.email, aadObjectId: decision.before.aadObjectId },
          { email: decision.after.email, aadObjectId: decision.after.aadObjectId },
          decision.dropLinks.length ? `unlinked ${plural(decision.dropLinks.length, 'Teams account')} of the previous address` : undefined,
        ),
      );
    });
  } catch (error) {
    return conflictReply(error);
  }
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

async function attachOwnerName(ctx: ChatContext, name: string, checked: CheckedAccount): Promise<Reply> {
  const account = checked.account!;
  const decision = planOwnerNameLink(ctx.snapshot, name, account, scopeOf(ctx), adminEmails(ctx), newPersonId(ctx.snapshot, name));
  if (decision.kind === 'refused') return messageReply({ title: `I can't link "${name}".`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  try {
    await ctx.services.store.transact('link-owner-name', (tx) => {
      if (decision.personBefore) tx.put('people', decision.person, { expectedVersion: decision.personBefore.version });
      else tx.put('people', decision.person);
      tx.put('audit', audit(ctx, 'link-owner-name', 'person', decision.person.id, decision.personBefore, decision.person, `owner name "${name}" linked to ${account.email}`));
      for (const { before, after } of decision.actions) {
        tx.put('actions', after, { expectedVersion: before.version });
        tx.put('audit', audit(ctx, 'link-owner-name', 'action', before.id, { owners: before.owners }, { owners: after.owners }, `owner "${name}" is ${decision.person.name}`));
      }
    });
  } catch (error) {
    return conflictReply(error);
  }
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

// ---------------------------------------------------------------------------------------------
// Link people from the directory (bulk)
// ---------------------------------------------------------------------------------------------

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

async function linkFromDirectoryReply(ctx: ChatContext): Promise<Reply> {
  const refused = adminGuard(ctx, 'link people from the directory');
  if (refused) return refused;
  const directory = directoryOf(ctx.services.features);
  if (!directory.enabled) {
    return messageReply({
      title: 'The directory is off.',
      body: `${directory.description} Ask your IT team to set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (an app registration with the User.Read.All application permission; see docs/deploy.md). Until then, link people one at a time: "Darryl Eyers is darryl.evers@council.example".`,
      choices: [{ title: 'Who is unmapped?', ask: 'who is unmapped?' }],
    });
  }
  const scope = scopeOf(ctx);
  const links = ctx.snapshot.data.identityLinks;
  const allowed = ctx.snapshot.people.filter((p) => mayLinkPerson(ctx.snapshot, scope, p, adminEmails(ctx)).allowed);
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
  let written: BulkOutcome[] = [];
  const changedMeanwhile: Person[] = [];
  if (changes.length) {
    written = await ctx.services.store.transact('link-from-directory', (tx) => {
      const done: BulkOutcome[] = [];
      for (const outcome of changes) {
        const current = tx.get('people', outcome.person.id);
        const account = outcome.account!;
        const emailTaken = tx.list('people').some((p) => p.id !== outcome.person.id && p.email?.toLowerCase() === account.email.toLowerCase());
        const aadTaken = account.aadObjectId && tx.list('people').some((p) => p.id !== outcome.person.id && p.aadObjectId === account.aadObjectId);
        const aadLinkedElsewhere = account.aadObjectId && tx.identityLinks().some((l) => l.aadObjectId === account.aadObjectId && l.personId !== outcome.person.id);
        if (!current || current.version !== outcome.person.version || emailTaken || aadTaken || aadLinkedElsewhere) {
          changedMeanwhile.push(outcome.person);
          continue;
        }
        const after: Person = { ...current, email: account.email.toLowerCase(), ...(account.aadObjectId ? { aadObjectId: account.aadObjectId } : {}) };
        tx.put('people', after, { expectedVersion: current.version });
        tx.put(
          'audit',
          audit(ctx, 'link-from-directory', 'person', current.id, { email: current.email, aadObjectId: current.aadObjectId }, { email: after.email, aadObjectId: after.aadObjectId }, outcome.kind === 'linked' ? `matched by name to "${account.displayName}"` : 'email confirmed in the directory'),
        );
        done.push(outcome);
      }
      return done;
    });
  }
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

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Intents
// ---------------------------------------------------------------------------------------------

const GRANT = new RegExp(`^(?:please\\s+)?(?:make|appoint|add|set|grant|give)\\s+(.+?)\\s+(?:as\\s+)?(?:an?\\s+|the\\s+)?${ROLE_WORD}(?:\\s+(?:role|rights))?(?:\\s+(?:for|of|on|in|over)\\s+(.+))?$`, 'i');
const REVOKE = new RegExp(`^(?:please\\s+)?(?:remove|revoke|take away|drop|demote)\\s+(.+?)\\s+(?:as|from being|from)\\s+(?:an?\\s+|the\\s+)?${ROLE_WORD}s?(?:\\s+(?:role|rights))?(?:\\s+(?:for|of|on|in|over)\\s+(.+))?$`, 'i');
const ADMINS = /^(?:who(?:'s| is| are)|list|show(?: me)?)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:bot\s+)?(?:admins?|administrators?|plan admins?|democratic services admins?)(?:\s+(?:for|of|on)\s+.+)?$|^(?:admins|administrators)$/i;
const MY_ROLES = /^(?:what are my roles|my roles|what roles do i have|which roles do i have|am i an? (?:admin|plan admin|democratic services admin)|what is my role|who am i)$/i;
const UNMAPPED =
  /^(?:who(?:'s| is| are)(?: still)?|show(?: me)?|list|which (?:owners|people|leads) are)?\s*(?:the\s+)?(?:unmapped|unlinked|unmatched|not linked|not mapped)(?:\s+(?:people|owners|names|leads|users|accounts))?$|^(?:which|what) (?:owners|people|leads) (?:have|has) no (?:account|email)s?$/i;
const FROM_DIRECTORY =
  /^(?:link|match|map|connect|look up)\s+(?:all\s+|the\s+)?(?:people|everyone|everybody|owners|unmapped(?:\s+(?:people|owners))?|leads|accounts)\s+(?:from|using|via|with|against|in)\s+(?:the\s+)?(?:directory|graph|microsoft graph|azure ad|aad|entra(?:\s+id)?)$/i;
const LINK_TO = /^link\s+(.+?)\s+(?:to|with)\s+(.+)$/i;
const IS_EMAIL = /^(?!(?:what|who|where|when|which|how|why|is|does|status)\b)(.+?)(?:'s email)?\s+is\s+(?:now\s+)?(<?(?:mailto:)?[^\s@]+@[^\s@]+>?)$/i;
const SET_EMAIL = /^set\s+(.+?)'s\s+email\s+(?:to|as)\s+(\S+@\S+)$/i;

export const adminIntents: IntentDefinition[] = [
  {
    name: 'link-from-directory',
    examples: ['link people from the directory'],
    match: (text) => (FROM_DIRECTORY.test(text) ? {} : null),
    answer: (_s, ctx) => linkFromDirectoryReply(ctx),
  },
  {
    name: 'who-is-unmapped',
    examples: ['who is unmapped?'],
    match: (text) => (UNMAPPED.test(text) ? {} : null),
    answer: (_s, ctx, text = '') => unmappedReply(ctx, text),
  },
  {
    name: 'who-are-the-admins',
    examples: ['who are the admins?'],
    match: (text) => (ADMINS.test(text) ? {} : null),
    answer: (_s, ctx) => adminsReply(ctx),
  },
  {
    name: 'my-roles',
    examples: ['what are my roles?'],
    match: (text) => (MY_ROLES.test(text) ? {} : null),
    answer: (_s, ctx) => myRolesReply(ctx),
  },
  {
    name: 'grant-role',
    examples: ['make Nick Pountney a democratic services admin', 'make Heather Greenan a plan admin for the CIP'],
    match: (text) => {
      const m = GRANT.exec(text);
      return m ? { who: m[1], role: m[2], plan: m[3] } : null;
    },
    answer: (s, ctx) => roleCommandReply(ctx, { verb: 'make', who: s.who!, roleWord: s.role!, planWords: s.plan }),
  },
  {
    name: 'revoke-role',
    examples: ['remove Heather Greenan as plan admin for the CIP'],
    match: (text) => {
      const m = REVOKE.exec(text);
      return m ? { who: m[1], role: m[2], plan: m[3] } : null;
    },
    answer: (s, ctx) => roleCommandReply(ctx, { verb: 'remove', who: s.who!, roleWord: s.role!, planWords: s.plan }),
  },
  {
    name: 'link-person',
    examples: ['Darryl Eyers is darryl.evers@council.example', 'link Darryl Eyers to darryl.evers@council.example'],
    match: (text) => {
      const m = LINK_TO.exec(text) ?? SET_EMAIL.exec(text) ?? IS_EMAIL.exec(text);
      return m ? { left: m[1], right: m[2] } : null;
    },
    answer: (s, ctx) => linkReply(ctx, s.left!, s.right!),
  },
];
