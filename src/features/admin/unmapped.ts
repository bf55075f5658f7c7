/** Who is unmapped? Owners and names I cannot recognise, groups that own actions, and spelling variants. */
import type { Action } from '../../domain/model.js';
import { unmappedReport } from '../../domain/unmapped.js';
import { plural } from '../../domain/uk-format.js';
import { visibleActions } from '../../chat/present.js';
import { listReply, type ListGroup } from '../../chat/reply.js';
import type { ChatContext, Reply } from '../../chat/types.js';
import { type AdminDeps, adminGuard } from './common.js';

function actionNumbers(deps: AdminDeps, ctx: ChatContext, actions: readonly Action[]): string {
  if (actions.length === 0) return 'no actions shown here';
  const labels = actions.slice(0, 6).map((a) => {
    const abbreviation = ctx.snapshot.plan(a.planId)?.abbreviation;
    const label = a.number ?? (a.title.length > 40 ? `${a.title.slice(0, 39)}…` : a.title);
    return abbreviation ? `${abbreviation} ${label}` : label;
  });
  return `${plural(actions.length, 'action')}: ${labels.join(', ')}${actions.length > 6 ? ', …' : ''}`;
}

export function unmappedReply(deps: AdminDeps, ctx: ChatContext, text: string): Reply {
  const refused = adminGuard(deps, ctx, 'see who is unmapped');
  if (refused) return refused;
  const report = unmappedReport(ctx.snapshot, (actions) => visibleActions(ctx, actions));
  const directory = deps.directory;
  const candidates: ListGroup[] = [
    {
      heading: `Owners with no account (${report.owners.length})`,
      explanation: 'No email and no Teams account: I cannot recognise or message them.',
      color: 'Attention',
      items: report.owners.map(({ person, actions }) => ({
        heading: person.name + (person.aliases.length ? ` (also written ${person.aliases.join(', ')})` : ''),
        lines: [actionNumbers(deps, ctx, actions), `Link: "${person.name} is <their email>"`],
        ask: `what is ${person.email ?? person.name} delivering`,
      })),
    },
    {
      heading: `Owner names that match nobody (${report.unmatchedNames.length})`,
      explanation: 'Written in a plan but not matched to a person: a spelling variant or someone new.',
      color: 'Attention',
      items: report.unmatchedNames.map(({ name, actions }) => ({
        heading: name,
        lines: [actionNumbers(deps, ctx, actions), `Link: "${name} is <their email>" (an existing person's email adds this spelling to them)`],
        ask: actions[0] ? `status of ${actions[0].id}` : 'who is unmapped?',
      })),
    },
    {
      heading: `Groups, not people (${report.groups.length})`,
      explanation: 'A group cannot be linked to one account; name a lead officer on these actions to have them chased.',
      color: 'Warning',
      items: report.groups.map(({ group, actions }) => ({ heading: group, lines: [actionNumbers(deps, ctx, actions)], ask: `what is ${group} delivering` })),
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
