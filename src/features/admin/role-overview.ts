/** Who are the admins? What are my roles? */
import { adminsOverview, describeRole, planName, type Holder } from '../../domain/role-admin.js';
import { isAnyAdmin } from '../../domain/roles.js';
import { formatUkDate, londonDate, plural } from '../../domain/uk-format.js';
import { visibleActions } from '../../chat/present.js';
import { messageReply } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type AdminDeps, scopeOf } from './common.js';

export function adminsReply(deps: AdminDeps, ctx: ChatContext): Reply {
  const overview = adminsOverview(ctx.snapshot, deps.adminEmails);
  // Emails and grant details are for admins in a personal chat; everyone else sees names.
  const detailed = isAnyAdmin(scopeOf(deps, ctx)) && ctx.conversation.kind === 'personal';
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

export function myRolesReply(deps: AdminDeps, ctx: ChatContext): Reply {
  const scope = scopeOf(deps, ctx);
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
