/**
 * Committee membership (chair, vice-chairs, members, support officers; where the membership lists
 * disagree) and working groups.
 */
import { meetingWhen, membershipDisagreement } from '../../domain/meetings.js';
import type { Committee, WorkingGroup } from '../../domain/model.js';
import { matchTopic, topMatches } from '../../domain/topic-match.js';
import { formatUkDate, plural } from '../../domain/uk-format.js';
import { committeesInScope, names, personName } from './committee-scope.js';
import { fold } from '../../chat/normalise.js';
import { listReply, messageReply } from '../../chat/reply.js';
import type { AskChoice, ChatContext, Reply } from '../../chat/types.js';
import { noCommitteeReply } from './shared.js';

const ROLE_TITLES: Record<string, string> = { chair: 'Chair', 'vice-chair': 'Vice-Chair', 'opposition-vice-chair': 'Opposition Vice-Chair', member: 'Member' };

function roleText(member: Committee['members'][number]): string {
  const role = ROLE_TITLES[member.role] ?? member.role;
  return member.titleRaw && fold(member.titleRaw) !== fold(role) ? `${role} (written "${member.titleRaw}")` : role;
}

function singleCommittee(ctx: ChatContext, text: string): Committee | Reply {
  const committees = committeesInScope(ctx, text).filter((c) => c.members.length || c.supportOfficers.length || c.workingGroups.length);
  if (committees.length === 1) return committees[0]!;
  if (!committees.length) return noCommitteeReply();
  return messageReply({ title: 'Which committee?', choices: committees.slice(0, 6).map((c) => ({ title: c.name, ask: `${text} ${c.name}` })) });
}

export function membershipReply(ctx: ChatContext, text: string): Reply {
  const committee = singleCommittee(ctx, text);
  if ('text' in committee) return committee;
  const t = text.toLowerCase();
  const chairs = committee.members.filter((m) => m.role === 'chair');
  const vices = committee.members.filter((m) => m.role === 'vice-chair' || m.role === 'opposition-vice-chair');
  const supportLines = committee.supportOfficers.map((s) => `${personName(ctx.snapshot, s.personId)}${s.roleRaw ? `, ${s.roleRaw}` : ''}${s.phone ? ` (${s.phone})` : ''}`);
  const choices: AskChoice[] = [
    { title: 'Working groups', ask: `what working groups does the ${committee.name} have` },
    { title: 'Next meeting', ask: `when is the next ${committee.name} meeting` },
  ];
  if (/\bsupport officers?|scrutiny (and|&) support|clerk|contact\b/.test(t)) {
    return messageReply({ title: `Support officers for the ${committee.name}`, lines: supportLines.length ? supportLines : ['None recorded.'], choices });
  }
  if (/\bvice[- ]?chair/.test(t)) {
    return messageReply({
      title: `Vice-chairs of the ${committee.name}: ${vices.map((m) => personName(ctx.snapshot, m.personId)).join(' and ') || 'none recorded'}`,
      lines: vices.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`),
      notes: ['Vice-chair titles vary between documents ("Vice Chairman", "Opposition Vice-Chair", "Opposition Vice Chairman").'],
      choices,
    });
  }
  if (/\bchair(s|man|woman|person)?\b|\bwho chairs\b/.test(t) && !/\bmembers?\b|\bwho is on\b|\bwho's on\b|\bwho sits\b/.test(t)) {
    return messageReply({
      title: `The ${committee.name} is chaired by ${chairs.map((m) => personName(ctx.snapshot, m.personId)).join(' and ') || 'nobody on record'}.`,
      lines: [...chairs.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`), ...vices.map((m) => `${personName(ctx.snapshot, m.personId)}: ${roleText(m)}`)],
      choices,
    });
  }
  const order = ['chair', 'vice-chair', 'opposition-vice-chair', 'member'];
  const members = [...committee.members].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || personName(ctx.snapshot, a.personId).localeCompare(personName(ctx.snapshot, b.personId)));
  const disagreement = membershipDisagreement(committee);
  const notes: string[] = [];
  if (disagreement) {
    const listsText = disagreement.lists.map((l) => `the ${l.name} names ${l.count}`).join(', ');
    notes.push(`The membership lists disagree: ${listsText}.`);
    for (const m of disagreement.missing) notes.push(`Not on the ${m.list} list: ${names(ctx.snapshot, m.personIds)}.`);
  }
  return messageReply({
    title: `${committee.name}: ${plural(members.length, 'member')}`,
    lines: [
      ...members.map((m) => `${personName(ctx.snapshot, m.personId)}${m.role !== 'member' ? `: ${roleText(m)}` : ''}${disagreement && m.listedIn.length < disagreement.lists.length ? ` (listed on the ${m.listedIn.join(' and ')} only)` : ''}`),
      ...(supportLines.length ? ['Support officers:', ...supportLines.map((l) => `- ${l}`)] : []),
    ],
    notes,
    choices,
  });
}

export function workingGroupReply(ctx: ChatContext, committee: Committee, group: WorkingGroup): Reply {
  const onCommittee = new Set(committee.members.map((m) => m.personId));
  const chair = group.members.filter((m) => m.chair);
  const others = group.members.filter((m) => !m.chair);
  const meeting = group.finalReportMeetingId ? ctx.snapshot.meeting(group.finalReportMeetingId) : undefined;
  const notCommittee = group.members.filter((m) => !onCommittee.has(m.personId));
  const lines = [
    `Committee: ${committee.name}`,
    group.appointedOn ? `Appointed: ${formatUkDate(group.appointedOn)}` : group.appointedRaw ? `Appointed: ${group.appointedRaw}` : undefined,
    chair.length ? `Chair: ${names(ctx.snapshot, chair.map((m) => m.personId))}` : undefined,
    group.members.length ? `Members: ${names(ctx.snapshot, others.map((m) => m.personId))}` : 'Members: not stated in the source',
    group.observerIds.length ? `Observers: ${names(ctx.snapshot, group.observerIds)}` : undefined,
    meeting ? `Final report: ${meetingWhen(meeting)}${group.finalReportTitle ? ` ("${group.finalReportTitle}")` : ''}` : undefined,
    group.status ? `Status: ${group.status}` : undefined,
  ].filter(Boolean) as string[];
  const notes = [
    ...(notCommittee.length ? [`${names(ctx.snapshot, notCommittee.map((m) => m.personId))} ${notCommittee.length === 1 ? 'is' : 'are'} not on the committee's membership lists.`] : []),
    ...group.notes.filter((n) => !/not on the committee membership lists/i.test(n)),
  ];
  return messageReply({ title: `Working group: ${group.name}`, lines, notes, choices: meeting ? [{ title: 'That meeting', ask: `agenda for ${meeting.date}` }] : [] });
}

export function workingGroupsReply(ctx: ChatContext, reference: string | undefined, text: string): Reply {
  const committees = committeesInScope(ctx, text);
  const all = committees.flatMap((committee) => committee.workingGroups.map((group) => ({ committee, group })));
  if (reference) {
    const candidates = all.map(({ committee, group }) => ({ id: group.id, titles: [group.name, ...(group.finalReportTitle ? [group.finalReportTitle] : [])], value: { committee, group } }));
    const byId = candidates.find((c) => c.id === reference.trim());
    const matches = byId ? [{ candidate: byId }] : topMatches(matchTopic(reference.replace(/\bworking groups?\b/gi, ' '), candidates, { minScore: 0.5 }));
    if (matches.length === 1) return workingGroupReply(ctx, matches[0]!.candidate.value.committee, matches[0]!.candidate.value.group);
    if (matches.length > 1) return messageReply({ title: `"${reference}" matches ${matches.length} working groups. Which one?`, choices: matches.slice(0, 6).map((m) => ({ title: m.candidate.value.group.name, ask: `who sits on the ${m.candidate.id} working group` })) });
  }
  return listReply({
    title: `Working groups (${all.length})`,
    groups: [
      {
        items: all.map(({ committee, group }) => {
          const meeting = group.finalReportMeetingId ? ctx.snapshot.meeting(group.finalReportMeetingId) : undefined;
          return {
            heading: group.name,
            lines: [
              committees.length > 1 ? committee.name : undefined,
              group.members.length ? plural(group.members.length, 'member') + (group.observerIds.length ? `, ${plural(group.observerIds.length, 'observer')}` : '') : 'Membership not stated in the source',
              meeting ? `Final report: ${meetingWhen(meeting)}` : undefined,
              group.status && group.status.length < 120 ? `Status: ${group.status}` : undefined,
            ].filter(Boolean) as string[],
            ask: `who sits on the ${group.id} working group`,
          };
        }),
      },
    ],
    emptyText: 'No working groups are recorded.',
    notes: reference ? [`I couldn't find a working group called "${reference}", so here are all of them.`] : [],
    ask: text,
    page: ctx.page,
  });
}
