/**
 * ModernGov responses saved as files (for a site that blocks automated requests, or for a first
 * import checked by hand): a GetCommittees response, one or more GetMeetings responses, and a
 * folder of GetMeeting responses (any file names; each is matched by the meeting id inside).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModernGovData } from './merge.js';
import { combineMeeting, parseCommittees, parseMeeting, parseMeetings, type MgMeeting, type MgMeetingSummary } from './parse.js';

export interface ModernGovFiles {
  committees: string;
  meetings: readonly string[];
  meetingDir?: string;
}

export async function readModernGovFiles(files: ModernGovFiles): Promise<ModernGovData> {
  const committees = parseCommittees(await readFile(files.committees, 'utf8'), files.committees);
  const summaries: MgMeetingSummary[] = [];
  for (const file of files.meetings) summaries.push(...parseMeetings(await readFile(file, 'utf8'), file));
  const details = new Map<string, MgMeeting>();
  if (files.meetingDir) {
    const names = (await readdir(files.meetingDir)).filter((n) => n.toLowerCase().endsWith('.xml')).sort();
    for (const name of names) {
      const file = path.join(files.meetingDir, name);
      const meeting = parseMeeting(await readFile(file, 'utf8'), file);
      if (meeting.id) details.set(meeting.id, meeting);
    }
  }
  const meetings: Array<MgMeetingSummary | MgMeeting> = summaries.map((summary) => {
    const detail = details.get(summary.id);
    return detail ? combineMeeting(summary, detail) : summary;
  });
  // Agendas for meetings the GetMeetings files did not list still count, if they name their committee.
  const listed = new Set(summaries.map((s) => s.id));
  for (const [id, detail] of details) if (!listed.has(id)) meetings.push(detail);
  const source = [files.committees, ...files.meetings, ...(files.meetingDir ? [files.meetingDir] : [])].map((f) => path.basename(f)).join(', ');
  return { committees, meetings, source };
}
