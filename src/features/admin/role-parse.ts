/**
 * Roles: parse. Reads the role word, the plan and the person, email or Azure AD group a role command
 * names, answering with a question (and changing nothing) when one of them is unclear.
 */
import type { RoleName } from '../../domain/model.js';
import { normaliseEmail } from '../../domain/people-links.js';
import type { RoleTarget } from '../../domain/role-admin.js';
import { messageReply } from '../../chat/reply.js';
import { resolveOwner, resolvePlan } from '../../chat/resolve.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type AdminDeps, whichPersonReply } from './common.js';

export const ROLE_WORD =
  '(democratic services admin(?:istrator)?|democratic services|dem(?:ocratic)? serv(?:ices)? admin|ds admin|plan admin(?:istrator)?|admin(?:istrator)?|officer|member|councillor)';

type RoleWord = RoleName | 'admin';

export function roleFromWord(word: string): RoleWord {
  const w = word.toLowerCase();
  if (/^(democratic|dem|ds)/.test(w)) return 'democratic-services-admin';
  if (w.startsWith('plan')) return 'plan-admin';
  if (w === 'officer') return 'officer';
  if (w === 'member' || w === 'councillor') return 'member';
  return 'admin';
}

const EVERY_PLAN = /^(?:all|every|each|any)(?: the)? plans?$|^everything$/i;

type PlanChoice = { kind: 'plan'; planId?: string } | { kind: 'reply'; reply: Reply };

export function planFromWords(deps: AdminDeps, ctx: ChatContext, words: string | undefined, retry: (planWords: string) => string): PlanChoice {
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
export function roleTargetFrom(deps: AdminDeps, ctx: ChatContext, words: string, retry: (who: string) => string): TargetChoice {
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
  return {
    kind: 'reply',
    reply: whichPersonReply(words, result, (p) => retry(p.email ?? p.id), 'Check the spelling, or use their email address (for someone not named in any plan).'),
  };
}

export function roleAsk(verb: 'make' | 'remove', who: string, role: RoleName, planWords?: string): string {
  const phrase = role === 'democratic-services-admin' ? 'democratic services admin' : role === 'plan-admin' ? 'plan admin' : role === 'member' ? 'member' : 'officer';
  const plan = role === 'plan-admin' && planWords ? ` for ${planWords}` : '';
  return verb === 'make' ? `make ${who} a ${phrase}${plan}` : `remove ${who} as ${phrase}${plan}`;
}
