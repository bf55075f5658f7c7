/**
 * What the bot says when it is installed. In a personal chat: who it is, and three example
 * questions chosen for the user's roles (action lead, councillor, admin), as buttons. In a team or
 * group chat: a short welcome for everyone, with no personal data (the installer's roles and
 * actions are nobody else's business).
 */
import type { Action, Committee } from '../../domain/model.js';
import { mayUpdateAction } from '../../domain/permissions.js';
import { adminScopeOf, isAnyAdmin } from '../../domain/roles.js';
import { isClosed } from '../../domain/slippage.js';
import { visibleActions } from '../../chat/present.js';
import { messageReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';

export const WELCOME_EXAMPLE_COUNT = 3;

/** "Corporate Review Committee" → "Corporate Review". */
function committeeShortName(committee: Committee): string {
  return committee.name.replace(/\s+(?:Overview and Scrutiny\s+|Scrutiny\s+)?Committee$/i, '').trim() || committee.name;
}

function memberCommittee(ctx: ChatContext): Committee | undefined {
  const personId = ctx.asker.person?.id;
  return ctx.snapshot.committees.find((c) => personId && c.members.some((m) => m.personId === personId)) ?? ctx.snapshot.committees[0];
}

/** An open action the user may update, for "update …". */
function actionToUpdate(ctx: ChatContext): Action | undefined {
  const person = ctx.asker.person;
  if (!person) return undefined;
  const owned = visibleActions(ctx, ctx.snapshot.actionsOwnedBy(person.id)).filter((a) => !isClosed(a));
  return owned.find((a) => mayUpdateAction(ctx.snapshot, a, person.id, ctx.asker.roles).allowed);
}

function updateChoice(ctx: ChatContext, action: Action): AskChoice {
  // A number shared by several plans ("2.2") would be ambiguous; the id never is.
  const unique = action.number && ctx.snapshot.actionsByNumber(action.number).length === 1;
  // Unnumbered rows (the Communities Delivery Plan) are known by their sub-heading ("#DoingOurBit Fund").
  const heading = action.themeId ? ctx.snapshot.theme(action.themeId) : undefined;
  const name = heading?.kind === 'subheading' && heading.name ? heading.name : action.title;
  const label = unique ? action.number! : name.length > 40 ? `${name.slice(0, 39)}…` : name;
  return { title: `update ${label}`, ask: `update ${unique ? action.number : action.id}` };
}

function askChoice(text: string): AskChoice {
  return { title: text, ask: text };
}

function isAdminAsker(ctx: ChatContext, adminEmails: readonly string[]): boolean {
  const scope = adminScopeOf(ctx.snapshot, { person: ctx.asker.person, email: ctx.asker.email, aadGroupIds: ctx.asker.aadGroupIds }, adminEmails);
  return isAnyAdmin(scope) || ctx.asker.roles.has('plan-admin') || ctx.asker.roles.has('democratic-services-admin');
}

/** Three example questions for this user: one from each of their roles first, then the general ones. */
export function welcomeExamples(ctx: ChatContext, adminEmails: readonly string[]): AskChoice[] {
  const byRole: AskChoice[][] = [];
  const person = ctx.asker.person;
  if (person && ctx.snapshot.actionsOwnedBy(person.id).length > 0) {
    const action = actionToUpdate(ctx);
    byRole.push([askChoice('what do I own?'), ...(action ? [updateChoice(ctx, action)] : [])]);
  }
  if (isAdminAsker(ctx, adminEmails)) byRole.push([askChoice('which revised timescales need committee endorsement?'), askChoice('who is unmapped?')]);
  if (person?.kind === 'member' || ctx.asker.roles.has('member')) byRole.push(memberExamples(ctx));
  const general = [askChoice('what has slipped?'), ...memberExamples(ctx), askChoice("what's due this quarter?")];
  const picked: AskChoice[] = [];
  const add = (choice: AskChoice | undefined) => {
    if (choice && picked.length < WELCOME_EXAMPLE_COUNT && !picked.some((c) => c.ask === choice.ask)) picked.push(choice);
  };
  // Round robin, so an action lead who is also an admin gets something from each role.
  for (let i = 0; i < 2; i += 1) for (const list of byRole) add(list[i]);
  for (const choice of general) add(choice);
  return picked;
}

function memberExamples(ctx: ChatContext): AskChoice[] {
  const committee = memberCommittee(ctx);
  return [
    ...(committee ? [askChoice(`what is on the next ${committeeShortName(committee)} agenda?`)] : []),
    askChoice('when is the next date reserved for call-in?'),
  ];
}

export function personalWelcome(ctx: ChatContext, botName: string, adminEmails: readonly string[]): Reply {
  const person = ctx.asker.person;
  const firstName = (person?.name ?? ctx.asker.displayName).split(/\s+/)[0];
  const examples = welcomeExamples(ctx, adminEmails);
  const owned = person ? visibleActions(ctx, ctx.snapshot.actionsOwnedBy(person.id)).filter((a) => !isClosed(a)).length : 0;
  const about = [`I answer questions about the council's improvement plans, committee work programmes and call-in dates, here in Teams.`];
  if (owned > 0) about.push(`You are named on ${owned} open ${owned === 1 ? 'action' : 'actions'}: you can record progress on ${owned === 1 ? 'it' : 'them'} here.`);
  const notes = ['Say "help" at any time for more examples.'];
  if (!person) {
    notes.unshift(
      `I don't know who you are yet: your Teams account is not linked to anyone in the plans. You can still ask about any public action, meeting or call-in date; an admin can link you ("${ctx.asker.displayName} is <your email>").`,
    );
  }
  return messageReply({
    title: firstName && firstName !== 'Unknown' ? `Hello ${firstName}, I'm ${botName}.` : `Hello, I'm ${botName}.`,
    body: about.join(' '),
    lines: ['Try asking:', ...examples.map((e) => `- "${e.title}"`)],
    notes,
    choices: examples,
  });
}

export function channelWelcome(ctx: ChatContext, botName: string): Reply {
  const committee = ctx.snapshot.committees[0];
  const examples = [
    askChoice('what has slipped?'),
    ...(committee ? [askChoice(`what is on the next ${committeeShortName(committee)} agenda?`)] : []),
    askChoice('when is the next date reserved for call-in?'),
  ].slice(0, WELCOME_EXAMPLE_COUNT);
  return messageReply({
    title: `Hello everyone, I'm ${botName}.`,
    body: `I answer questions about the council's plans, committee work programmes and call-in dates. Mention me (@${botName}) with a question, for example:`,
    lines: examples.map((e) => `- "@${botName} ${e.title}"`),
    notes: ['Here I only show public information. To see your own actions or record an update, chat with me personally.'],
    choices: examples,
  });
}
