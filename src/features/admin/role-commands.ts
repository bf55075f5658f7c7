/**
 * Roles: grant and remove ("make Nick Pountney a democratic services admin", "remove … as …"). The
 * core (domain/role-admin.ts) decides; this module asks it and writes the result with an audit entry.
 */
import { randomUUID } from 'node:crypto';
import { hasAccount } from '../../domain/people-links.js';
import { describeRole, describeTarget, planGrant, planRevoke, type RoleTarget } from '../../domain/role-admin.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type AdminDeps, actorLabel, adminGuard, audit, capitalise, conflictReply, scopeOf } from './common.js';
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
  const change = { role, planId: plan.planId, target: target.target };
  const actor = { scope: scopeOf(deps, ctx), label: actorLabel(ctx) };
  const roleText = describeRole(ctx.snapshot, role, plan.planId);
  const who = describeTarget(target.target);
  if (command.verb === 'make') return grantReply(deps, ctx, change, actor, roleText, who);
  return revokeReply(deps, ctx, change, actor, roleText, who);
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

async function grantReply(deps: AdminDeps, ctx: ChatContext, change: Parameters<typeof planGrant>[1], actor: Parameters<typeof planGrant>[2], roleText: string, who: string): Promise<Reply> {
  const decision = planGrant(ctx.snapshot, change, actor, deps.adminEmails, ctx.now, `grant-${randomUUID()}`);
  if (decision.kind === 'refused') return messageReply({ title: `I can't make ${who} a ${roleText}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'already') return messageReply({ title: `${capitalise(decision.how)}.`, body: 'Nothing was changed.' });
  const grant = decision.grant;
  await deps.store.transact('grant-role', (tx) => {
    tx.put('roleGrants', grant);
    tx.put('audit', audit(ctx, 'grant-role', 'roleGrant', grant.id, undefined, grant, `${who} made ${roleText}`));
  });
  const notes: string[] = [];
  if (change.target.kind === 'email') notes.push(`${who} is not named in any plan yet; the role applies when someone with that Teams email messages me.`);
  if (change.target.kind === 'group') {
    notes.push(
      deps.directory.enabled
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

async function revokeReply(deps: AdminDeps, ctx: ChatContext, change: Parameters<typeof planRevoke>[1], actor: Parameters<typeof planRevoke>[2], roleText: string, who: string): Promise<Reply> {
  const decision = planRevoke(ctx.snapshot, change, actor, deps.adminEmails);
  if (decision.kind === 'refused') return messageReply({ title: `I can't remove ${who} as ${roleText}.`, body: `${capitalise(decision.reason)}. Nothing was changed.` });
  if (decision.kind === 'not-held') {
    return messageReply({ title: `${capitalise(who)} is not a ${roleText}.`, body: `${decision.hint ? `${capitalise(decision.hint)}. ` : ''}Nothing was changed.` });
  }
  try {
    await deps.store.transact('revoke-role', (tx) => {
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
