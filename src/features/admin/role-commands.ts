/**
 * Roles: grant and remove ("make Nick Pountney a democratic services admin", "remove … as …"). This
 * module reads which role, plan and person are meant, asks when one is unclear, and puts the outcome
 * of the grantRole / revokeRole commands (commands.ts, where the core decides) into words.
 */
import { hasAccount } from '../../domain/people-links.js';
import type { RoleName } from '../../domain/model.js';
import { describeRole, describeTarget, type RoleTarget } from '../../domain/role-admin.js';
import { messageReply, notSavedReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { grantRole, revokeRole, type RoleChangeCommand } from './commands.js';
import { type AdminDeps, adminGuard, capitalise } from './common.js';
import { planFromWords, roleAsk, roleFromWord, roleTargetFrom } from './role-parse.js';

interface RoleCommand {
  verb: 'make' | 'remove';
  who: string;
  roleWord: string;
  planWords?: string;
}

export async function roleCommandReply(deps: AdminDeps, ctx: ChatContext, command: RoleCommand): Promise<Reply> {
  const refused = adminGuard(deps, ctx, command.verb === 'make' ? 'give people roles' : 'remove roles');
  if (refused) return refused;
  const roleWord = roleFromWord(command.roleWord);
  if (roleWord === 'admin') {
    if (command.planWords) return roleCommandReply(deps, ctx, { ...command, roleWord: 'plan admin' });
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
  const target = roleTargetFrom(deps, ctx, command.who, (who) => roleAsk(command.verb, who, role, command.planWords));
  if (target.kind === 'reply') return target.reply;
  const plan = planFromWords(deps, ctx, role === 'plan-admin' ? command.planWords : undefined, (planWords) => roleAsk(command.verb, command.who, role, planWords));
  if (plan.kind === 'reply') return plan.reply;
  if (role === 'plan-admin' && !command.planWords && command.verb === 'remove') {
    // "remove X as plan admin": when X runs exactly one plan (or only every plan), that is the one.
    const held = planAdminHoldings(deps, ctx, target.target);
    if (held.length === 1) return roleCommandReply(deps, ctx, { ...command, planWords: held[0] });
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
  const change = roleChangeCommand(role, plan.planId, target.target);
  const roleText = describeRole(ctx.snapshot, role, plan.planId);
  const who = describeTarget(target.target);
  if (command.verb === 'make') return grantReply(deps, ctx, change, roleText, who);
  return revokeReply(deps, ctx, change, roleText, who);
}

function roleChangeCommand(role: RoleName, planId: string | undefined, target: RoleTarget): RoleChangeCommand {
  const by: RoleChangeCommand['target'] =
    target.kind === 'person' ? { kind: 'person', personId: target.person.id } : target.kind === 'email' ? { kind: 'email', email: target.email } : { kind: 'group', aadGroupId: target.aadGroupId };
  return { role, ...(planId ? { planId } : {}), target: by };
}

/** The plans (by name, "every plan") a target is plan admin of, through grants or a plan's own list. */
function planAdminHoldings(deps: AdminDeps, ctx: ChatContext, target: RoleTarget): string[] {
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

async function grantReply(deps: AdminDeps, ctx: ChatContext, change: RoleChangeCommand, roleText: string, who: string): Promise<Reply> {
  const outcome = await grantRole(deps, change, ctx);
  if (outcome.kind === 'refused') return messageReply({ title: `I can't make ${who} a ${roleText}.`, body: `${capitalise(outcome.reason)}. Nothing was changed.` });
  if (outcome.kind === 'already') return messageReply({ title: `${capitalise(outcome.how)}.`, body: 'Nothing was changed.' });
  if (outcome.kind !== 'granted') return notSavedReply(outcome);
  const target = outcome.target;
  const notes: string[] = [];
  if (target.kind === 'email') notes.push(`${who} is not named in any plan yet; the role applies when someone with that Teams email messages me.`);
  if (target.kind === 'group') {
    notes.push(
      deps.directory.enabled
        ? 'Group roles are checked in the directory when members message me (the app registration needs GroupMember.Read.All as well as User.Read.All).'
        : 'The directory is off (GRAPH_* not set), so I cannot check group membership: this grant has no effect until the directory is configured.',
    );
  }
  if (target.kind === 'person' && !hasAccount(target.person, ctx.snapshot.data.identityLinks)) {
    notes.push(`${who} has no account linked yet, so I can't recognise them: link them with "${who} is <their email>".`);
  }
  return messageReply({
    title: `${capitalise(who)} is now a ${roleText}.`,
    body: 'Recorded in the audit log.',
    notes,
    choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
  });
}

async function revokeReply(deps: AdminDeps, ctx: ChatContext, change: RoleChangeCommand, roleText: string, who: string): Promise<Reply> {
  const outcome = await revokeRole(deps, change, ctx);
  if (outcome.kind === 'refused') return messageReply({ title: `I can't remove ${who} as ${roleText}.`, body: `${capitalise(outcome.reason)}. Nothing was changed.` });
  if (outcome.kind === 'not-held') {
    return messageReply({ title: `${capitalise(who)} is not a ${roleText}.`, body: `${outcome.hint ? `${capitalise(outcome.hint)}. ` : ''}Nothing was changed.` });
  }
  if (outcome.kind !== 'revoked') return notSavedReply(outcome);
  return messageReply({
    title: `${capitalise(who)} is no longer a ${roleText}.`,
    body: 'Recorded in the audit log.',
    choices: [{ title: 'Who are the admins?', ask: 'who are the admins?' }],
  });
}
