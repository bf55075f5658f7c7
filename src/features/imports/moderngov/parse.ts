/**
 * Reads the XML of ModernGov's public web service (`<site>/mgWebService.asmx/<Op>`):
 * GetCommittees, GetMeetings / GetAllMeetingsByDate and GetMeeting (docs/governance-rules.md §1).
 *
 * Quirks handled here: dates are dd/mm/yyyy (never read US-style); text is HTML-escaped before it is
 * XML-escaped, so "&amp;amp;" must be decoded twice to give "&"; agenda text is an HTML fragment;
 * restricted (Part Two) items are flagged with `isrestricted`; flags are the strings "True"/"False".
 */
import { XMLParser } from 'fast-xml-parser';
import he from 'he';
import { isValidIsoDate } from '../../../domain/calendar.js';

export interface MgCommittee {
  id: string;
  title: string;
  category?: string;
  expired: boolean;
  deleted: boolean;
}

export interface MgMeetingSummary {
  id: string;
  committeeId?: string;
  committeeTitle?: string;
  dateRaw: string;
  /** YYYY-MM-DD, when the date could be read. */
  date?: string;
  timeRaw?: string;
  /** HH:MM (24h), when the time could be read. */
  time?: string;
  status?: string;
  location?: string;
}

export interface MgAgendaItem {
  id?: string;
  numberRaw?: string;
  title: string;
  /** Agenda text as plain text (HTML removed); never kept for restricted items. */
  text?: string;
  restricted: boolean;
  /** Restricted documents attached to an otherwise public item. */
  restrictedDocuments: number;
}

export interface MgMeeting extends MgMeetingSummary {
  agendaPublished?: boolean;
  items: MgAgendaItem[];
}

export class ModernGovFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModernGovFormatError';
  }
}

const ARRAY_TAGS = new Set(['committee', 'meeting', 'agendaitem', 'linkeddoc', 'attendee']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  removeNSPrefix: true,
  transformTagName: (name) => name.toLowerCase(),
  isArray: (name) => ARRAY_TAGS.has(name),
});

type Node = Record<string, unknown>;

function parseXml(xml: string, what: string): Node {
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<')) throw new ModernGovFormatError(`${what} is not XML (it starts with "${trimmed.slice(0, 30)}").`);
  if (/^<!doctype html|^<html/i.test(trimmed)) throw new ModernGovFormatError(`${what} is an HTML page, not the web service's XML (is the address right?).`);
  try {
    return parser.parse(trimmed) as Node;
  } catch (error) {
    throw new ModernGovFormatError(`${what} is not well-formed XML: ${(error as Error).message}`);
  }
}

/**
 * The text of an element, decoded: the XML parser has undone one level of escaping, and ModernGov
 * escaped the text once more before that ("&amp;amp;" -> "&amp;" -> "&"). Decoding a second time is
 * safe for text that was escaped only once: "&" followed by no entity name stays as it is.
 */
export function decodeText(value: unknown): string {
  const raw = textOf(value);
  return he.decode(raw).replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object' && '#text' in (value as Node)) return textOf((value as Node)['#text']);
  return '';
}

/** Agenda text is an HTML fragment (escaped twice): plain text with paragraph breaks kept as spaces. */
export function htmlToText(value: unknown): string {
  const html = he.decode(textOf(value));
  const withoutTags = html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d)>/gi, '\n')
    .replace(/<\/?(?:strong|b|em|i|u|span|a|font|sup|sub)\b[^>]*>/gi, '')
    .replace(/<[^>]+>/g, ' ');
  return he
    .decode(withoutTags)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function flag(value: unknown): boolean {
  return decodeText(value).toLowerCase() === 'true';
}

/** "17/11/2020" -> "2020-11-17" (day first, always); also "17/11/2020 00:00:00". Undefined when not a real date. */
export function readMgDate(raw: string): string | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(raw.trim());
  if (!match) return undefined;
  const iso = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : undefined;
}

/** "10:00", "10.00 am", "2.00 pm", "2pm", "14:00:00" -> "HH:MM". */
export function readMgTime(raw: string): string | undefined {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?$/i.exec(raw.trim());
  if (!match) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  const meridiem = match[3]?.toLowerCase().replace(/\./g, '');
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  if (!match[2] && !meridiem) return undefined;
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Every node with the given tag name, anywhere below `node`, with the committee it sits under. */
function collect(node: unknown, tag: string, inherited: { committeeId?: string; committeeTitle?: string } = {}, out: Array<{ node: Node; committee: typeof inherited }> = []) {
  if (!node || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const child of node) collect(child, tag, inherited, out);
    return out;
  }
  const obj = node as Node;
  const here = { ...inherited };
  if (obj.committeeid !== undefined && typeof textOf(obj.committeeid) === 'string' && textOf(obj.committeeid)) here.committeeId = decodeText(obj.committeeid);
  if (obj.committeetitle !== undefined) here.committeeTitle = decodeText(obj.committeetitle);
  for (const [key, value] of Object.entries(obj)) {
    if (key === tag) {
      for (const item of Array.isArray(value) ? value : [value]) if (item && typeof item === 'object') out.push({ node: item as Node, committee: here });
    } else if (typeof value === 'object') {
      collect(value, tag, here, out);
    }
  }
  return out;
}

export function parseCommittees(xml: string, what = 'GetCommittees response'): MgCommittee[] {
  const root = parseXml(xml, what);
  const found = collect(root, 'committee');
  if (found.length === 0 && !('committees' in root)) throw new ModernGovFormatError(`${what} has no <committees> or <committee> elements.`);
  return found
    .map(({ node }) => ({
      id: decodeText(node.committeeid),
      title: decodeText(node.committeetitle),
      category: decodeText(node.committeecategory) || undefined,
      expired: flag(node.committeeexpired),
      deleted: flag(node.committeedeleted),
    }))
    .filter((c) => c.id && c.title);
}

function summaryOf(node: Node, committee: { committeeId?: string; committeeTitle?: string }): MgMeetingSummary {
  const dateRaw = decodeText(node.meetingdate);
  const timeRaw = decodeText(node.meetingtime) || undefined;
  return {
    id: decodeText(node.meetingid),
    committeeId: decodeText(node.committeeid) || committee.committeeId,
    committeeTitle: decodeText(node.committeetitle) || committee.committeeTitle,
    dateRaw,
    date: readMgDate(dateRaw),
    timeRaw,
    time: timeRaw ? readMgTime(timeRaw) : undefined,
    status: decodeText(node.meetingstatus) || undefined,
    location: decodeText(node.meetinglocation) || undefined,
  };
}

/** GetMeetings (meetings under a committee) or GetAllMeetingsByDate (committee id per meeting). */
export function parseMeetings(xml: string, what = 'GetMeetings response'): MgMeetingSummary[] {
  const root = parseXml(xml, what);
  return collect(root, 'meeting')
    .map(({ node, committee }) => summaryOf(node, committee))
    .filter((m) => m.id);
}

/** GetMeeting: one meeting with its agenda items. */
export function parseMeeting(xml: string, what = 'GetMeeting response'): MgMeeting {
  const root = parseXml(xml, what);
  const meetings = collect(root, 'meeting');
  const found = meetings.find(({ node }) => node.meetingid !== undefined || node.agendaitems !== undefined);
  if (!found) throw new ModernGovFormatError(`${what} has no <meeting> element.`);
  const { node, committee } = found;
  const items = collect(node.agendaitems ?? {}, 'agendaitem').map(({ node: item }) => itemOf(item));
  return {
    ...summaryOf(node, committee),
    agendaPublished: node.agendapublished !== undefined ? flag(node.agendapublished) : undefined,
    items: items.filter((i) => i.title),
  };
}

function itemOf(item: Node): MgAgendaItem {
  const restricted = flag(item.isrestricted) || (item.isdisplayallowed !== undefined && !flag(item.isdisplayallowed));
  const docs = collect(item.linkeddocuments ?? {}, 'linkeddoc');
  return {
    id: decodeText(item.agendaitemid) || undefined,
    numberRaw: decodeText(item.fulldisplaynumberformat) || decodeText(item.agendaitemnumber) || undefined,
    title: decodeText(item.agendaitemtitle),
    text: restricted ? undefined : htmlToText(item.agendatext) || undefined,
    restricted,
    restrictedDocuments: docs.filter(({ node: doc }) => flag(doc.isrestricted)).length,
  };
}

/** A meeting from GetMeetings with the details GetMeeting gave (GetMeeting may omit the committee or date). */
export function combineMeeting(summary: MgMeetingSummary, details: MgMeeting): MgMeeting {
  const out: MgMeeting = { ...summary, items: details.items, agendaPublished: details.agendaPublished };
  for (const key of ['dateRaw', 'date', 'timeRaw', 'time', 'status', 'location', 'committeeId', 'committeeTitle'] as const) {
    const value = details[key];
    if (value !== undefined && value !== '') (out as unknown as Record<string, unknown>)[key] = value;
  }
  return out;
}
