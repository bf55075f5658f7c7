/**
 * Which actions a question is about, from every entity it names, combined: "slipped actions in
 * theme 5", "what does Lucy Hegarty own that's overdue?", "completed CIP actions under Robust
 * internal controls", "what's due w/c 7 Dec in Stoke". Filters narrow each other; a question that
 * names no plan or council is about the asker's own council, and the answer says so.
 */
import type { OwnerMention, StatusWord } from '../../chat/understanding/frame.js';
import type { Frame } from '../../chat/understanding/frame.js';
import type { Period } from '../../chat/periods.js';
import { visibleActions } from '../../chat/present.js';
import type { ChatContext } from '../../chat/types.js';
import type { Action, Council, Plan, Theme } from '../../domain/model.js';

export type ScopeOwner = { kind: 'person'; id: string; name: string; isAsker: boolean } | { kind: 'group'; group: string };

export interface ActionScope {
  plan?: Plan;
  council?: Council;
  /** True when the council is the asker's own, not one the question named. */
  councilByDefault: boolean;
  theme?: Theme;
  owner?: ScopeOwner;
  period?: Period;
  statuses: ReadonlySet<StatusWord>;
}

export type ScopeProblem = 'unknown-asker';

/** The scope of a question. "My"/"I own" from someone the bot does not know cannot be answered. */
export function scopeOf(frame: Frame, ctx: ChatContext): ActionScope | ScopeProblem {
  const e = frame.entities;
  const plan = e.plans[0]?.plan;
  const theme = e.themes[0]?.theme;
  const named = e.councils[0]?.council;
  const owner = ownerOf(e.owners[0], ctx);
  if (owner === 'unknown-asker') return owner;
  const planOrTheme = plan ?? (theme ? ctx.snapshot.plan(theme.planId) : undefined);
  let council = named ?? (planOrTheme ? ctx.snapshot.council(planOrTheme.councilId) : undefined);
  let councilByDefault = false;
  const everyCouncil = /\b(?:all|every|each|both|any)\s+(?:the\s+)?councils?\b|\beverywhere\b|\bacross\s+(?:the\s+)?councils\b/i.test(frame.text);
  if (!council && !owner && !everyCouncil && ctx.snapshot.data.councils.length > 1) {
    const home = ctx.asker.person?.councilId ? ctx.snapshot.council(ctx.asker.person.councilId) : undefined;
    if (home) {
      council = home;
      councilByDefault = true;
    }
  }
  return { plan, council, councilByDefault, theme, owner, period: e.periods[0]?.period, statuses: new Set(e.statuses.map((s) => s.status)) };
}

function ownerOf(mention: OwnerMention | undefined, ctx: ChatContext): ScopeOwner | ScopeProblem | undefined {
  if (!mention) return undefined;
  if (mention.kind === 'me') {
    const person = ctx.asker.person;
    return person ? { kind: 'person', id: person.id, name: person.name, isAsker: true } : 'unknown-asker';
  }
  if (mention.kind === 'group') return { kind: 'group', group: mention.group };
  return { kind: 'person', id: mention.person.id, name: mention.person.name, isAsker: mention.person.id === ctx.asker.person?.id };
}

/** The actions in scope that the asker may see here, before any status filter. */
export function actionsInScope(ctx: ChatContext, scope: ActionScope): Action[] {
  let actions: readonly Action[];
  if (scope.owner) actions = scope.owner.kind === 'person' ? ctx.snapshot.actionsOwnedBy(scope.owner.id) : ctx.snapshot.actionsOwnedByGroup(scope.owner.group);
  else if (scope.plan) actions = ctx.snapshot.actionsOf(scope.plan.id);
  else if (scope.theme) actions = ctx.snapshot.actionsOf(scope.theme.planId);
  else actions = ctx.snapshot.actions;
  let list = [...actions];
  if (scope.plan) list = list.filter((a) => a.planId === scope.plan!.id);
  if (scope.theme) {
    const themes = themeAndBelow(ctx, scope.theme);
    list = list.filter((a) => a.themeId && themes.has(a.themeId));
  }
  if (scope.council) {
    const plans = new Set(ctx.snapshot.plans.filter((p) => p.councilId === scope.council!.id).map((p) => p.id));
    list = list.filter((a) => plans.has(a.planId));
  }
  return visibleActions(ctx, list);
}

/** A theme and every section and sub-heading below it. */
export function themeAndBelow(ctx: ChatContext, theme: Theme): Set<string> {
  const ids = new Set([theme.id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of ctx.snapshot.data.themes) {
      if (t.parentId && ids.has(t.parentId) && !ids.has(t.id)) {
        ids.add(t.id);
        grew = true;
      }
    }
  }
  return ids;
}

export function themeTitle(theme: Theme): string {
  return theme.number !== undefined ? `theme ${theme.number}${theme.name ? ` (${theme.name})` : ''}` : (theme.name ?? theme.id);
}

/** " in the CIP", " owned by Tilly Flanagan, in theme 5", " at Derby City Council": what a list covers. */
export function scopeSuffix(scope: ActionScope): string {
  const parts: string[] = [];
  if (scope.owner) parts.push(scope.owner.kind === 'group' ? `owned by ${scope.owner.group}` : scope.owner.isAsker ? 'that you own' : `owned by ${scope.owner.name}`);
  if (scope.theme) parts.push(`in ${themeTitle(scope.theme)}`);
  else if (scope.plan) parts.push(`in the ${scope.plan.abbreviation ?? scope.plan.title}`);
  else if (scope.council) parts.push(`at ${scope.council.name}`);
  return parts.length ? ` ${parts.join(', ')}` : '';
}

/** When the council was assumed, the answer says how to widen it. */
export function scopeNotes(ctx: ChatContext, scope: ActionScope): string[] {
  if (!scope.councilByDefault || !scope.council) return [];
  const others = ctx.snapshot.data.councils.filter((c) => c.id !== scope.council!.id).map((c) => c.name.replace(/\s+(City|County)\s+Council$/, ''));
  return [`Showing ${scope.council.name}, your council. Add "in ${others[0] ?? 'another council'}" or "for all councils" to see others.`];
}
