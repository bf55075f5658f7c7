/**
 * Owner cells as councils write them (docs/domain.md §2.5, §5.10):
 * - names separated only by spaces, every name two tokens: "Sarah James Kerry Dove Keith Luscombe";
 * - "/", ",", ";", "&" and "and" mixed: "Helen Riley /Darryl Evers/John Tradewell/ Ian Turner";
 * - groups that cannot be @mentioned: "SDMs", "CCSMs Pete Barker", "LPDMs / SDMs";
 * - roles instead of names: "Member: Leader", "Cabinet Member for Communities and Culture".
 * Known people are matched by name, alias or email (case-insensitive) before any guessing; names
 * nobody knows become new people without an email, which puts them on the unmapped-owner list.
 */
import type { Owner, OwnerRole, Person } from '../../domain/model.js';

export type OwnerPart = { kind: 'person'; name: string; email?: string } | { kind: 'group'; group: string };

/** Cells that say nobody owns the action yet. */
const NOBODY = /^(?:-+|n\/?a|none|tbc|tba|tbd|to be confirmed|to be agreed|vacant|unassigned|not yet assigned|\?+)$/i;
/** "Member:", "Officer(s):", "Lead:" in front of the names. */
const PREFIX = /^((?:cabinet\s+)?members?|officers?|officer\(s\)|leads?|owners?)\s*:\s*/i;
/** A role or post, not a person: kept whole (so "Communities and Culture" is not split at "and"). */
const ROLE = new RegExp(
  '^(?:the\\s+)?(?:(?:deputy|interim|assistant|acting|joint|executive|strategic|corporate|service)\\s+)*' +
    '(?:leader(?:\\s+of\\s+the\\s+council)?|chief\\s+executive|cabinet\\s+member\\b.*|portfolio\\s+holder\\b.*|director\\b.*|' +
    'head\\s+of\\b.*|chair(?:man|person)?\\b.*|vice[\\s-]chair\\w*.*|monitoring\\s+officer|s(?:ection\\s*)?151\\s+officer|' +
    'chief\\s+\\w+(?:\\s+officer)?|all\\s+\\w+.*|mayor|commissioner)$',
  'i',
);
/** Teams, boards and services own actions too. */
const BODY = /\b(?:team|teams|board|boards|group|groups|service|services|partnership|partners|committee|department|directorate|unit|forum|panel|network|council|officers|managers|leads|colleagues|staff)\b/i;
/** "SDMs", "CCSMs", "LPDMs", "WLT": an all-capitals token, optionally plural. */
const GROUP_TOKEN = /^[A-Z]{2,}s?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SEPARATORS = /\s*(?:[\/,;&+\n]|\band\b)\s*/i;

export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/[.,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** People known to the store, plus people the current import will create. */
export class PeopleDirectory {
  private readonly byName = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly takenIds: Set<string>;
  private maxTokens = 2;
  private readonly normalised = new Map<string, string>();
  private readonly splits = new Map<string, { parts: OwnerPart[]; warnings: string[] }>();
  /** People this import creates, in order of first mention. */
  readonly created: Array<{ person: Person; rows: number[] }> = [];

  constructor(people: readonly Person[], private readonly councilId: string | undefined) {
    this.takenIds = new Set(people.map((p) => p.id));
    for (const person of people) {
      for (const name of [person.name, ...person.aliases]) this.addName(name, person.id);
      if (person.email) this.byEmail.set(person.email.toLowerCase(), person.id);
    }
  }

  private addName(name: string, id: string): void {
    const key = normaliseName(name);
    if (!key || this.byName.has(key)) return;
    this.byName.set(key, id);
    this.maxTokens = Math.max(this.maxTokens, key.split(' ').length);
  }

  findByName(name: string): string | undefined {
    let key = this.normalised.get(name);
    if (key === undefined) {
      key = normaliseName(name);
      if (this.normalised.size < 50_000) this.normalised.set(name, key);
    }
    return this.byName.get(key);
  }

  /** Owner cells repeat down a sheet: each distinct cell is split once per import. */
  split(cell: string): { parts: OwnerPart[]; warnings: string[] } {
    let result = this.splits.get(cell);
    if (!result) {
      result = splitOwnerCell(cell, this);
      if (this.splits.size < 50_000) this.splits.set(cell, result);
    }
    return result;
  }

  findByEmail(email: string): string | undefined {
    return this.byEmail.get(email.toLowerCase());
  }

  /** The longest known name starting at tokens[start], tried from the longest possible down to two tokens. */
  longestMatchAt(tokens: readonly string[], start: number): { personId: string; length: number } | undefined {
    for (let length = Math.min(this.maxTokens, tokens.length - start); length >= 2; length--) {
      const id = this.findByName(tokens.slice(start, start + length).join(' '));
      if (id) return { personId: id, length };
    }
    return undefined;
  }

  /** Finds or creates the person; a created person has no email (unless the cell gave one). */
  personFor(part: { name: string; email?: string }, row: number, note: string): string {
    const existing = (part.email && this.findByEmail(part.email)) || this.findByName(part.name);
    if (existing) {
      const created = this.created.find((c) => c.person.id === existing);
      if (created && !created.rows.includes(row)) created.rows.push(row);
      return existing;
    }
    const id = this.uniqueId(slug(part.name) || 'person');
    const person: Person = {
      id,
      name: part.name,
      aliases: [],
      email: part.email,
      kind: 'unknown',
      roleNotes: [note],
      councilId: this.councilId,
      version: 1,
    };
    this.takenIds.add(id);
    this.addName(part.name, id);
    if (part.email) this.byEmail.set(part.email.toLowerCase(), id);
    this.created.push({ person, rows: [row] });
    return id;
  }

  private uniqueId(base: string): string {
    if (!this.takenIds.has(base)) return base;
    for (let n = 2; ; n++) if (!this.takenIds.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/**
 * Splits an owner cell into people and groups. `directory` recognises known multi-token names, so
 * "Ann-Marie Davidson Sarah Getley" splits correctly even when names are not two tokens.
 */
export function splitOwnerCell(cell: string, directory: PeopleDirectory): { parts: OwnerPart[]; warnings: string[] } {
  const warnings: string[] = [];
  let text = cell.replace(/\s+/g, ' ').trim();
  if (!text || NOBODY.test(text)) return { parts: [], warnings };
  let prefix: string | undefined;
  const prefixMatch = PREFIX.exec(text);
  if (prefixMatch) {
    prefix = capitalise(prefixMatch[1]!.replace(/\(s\)/i, ''));
    text = text.slice(prefixMatch[0].length).trim();
    if (!text) return { parts: [], warnings };
  }
  const asGroup = (value: string): OwnerPart => ({ kind: 'group', group: prefix && ROLE.test(value) ? `${prefix}: ${value}` : value });
  if (ROLE.test(text) && !directory.findByName(text)) return { parts: [asGroup(text)], warnings };

  const parts: OwnerPart[] = [];
  for (const segment of text.split(SEPARATORS).map((s) => s.trim()).filter(Boolean)) {
    if (EMAIL.test(segment)) {
      parts.push({ kind: 'person', name: nameFromEmail(segment), email: segment.toLowerCase() });
      continue;
    }
    if (directory.findByName(segment)) {
      parts.push({ kind: 'person', name: segment });
      continue;
    }
    if (ROLE.test(segment) || BODY.test(segment)) {
      parts.push(asGroup(segment));
      continue;
    }
    parts.push(...splitNames(segment, directory, warnings));
  }
  return { parts, warnings };
}

/** Space-separated names: known names first, then the rest read two tokens at a time. */
function splitNames(segment: string, directory: PeopleDirectory, warnings: string[]): OwnerPart[] {
  const tokens = segment.split(' ').filter(Boolean);
  const parts: OwnerPart[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 0) return;
    parts.push(...pairUp(run, warnings));
    run = [];
  };
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (GROUP_TOKEN.test(token)) {
      flush();
      parts.push({ kind: 'group', group: token });
      i++;
      continue;
    }
    const known = directory.longestMatchAt(tokens, i);
    if (known) {
      flush();
      parts.push({ kind: 'person', name: tokens.slice(i, i + known.length).join(' ') });
      i += known.length;
      continue;
    }
    run.push(token);
    i++;
  }
  flush();
  return parts;
}

/**
 * Unknown names. Up to three tokens is one name ("Mary Ann Smith"); longer runs are read as
 * two-token names, as in every owner cell of the seed plans, and an odd run is flagged.
 */
function pairUp(tokens: string[], warnings: string[]): OwnerPart[] {
  if (tokens.length === 1) {
    warnings.push(`"${tokens[0]}" looks like part of a name`);
    return [{ kind: 'person', name: tokens[0]! }];
  }
  if (tokens.length <= 3) return [{ kind: 'person', name: tokens.join(' ') }];
  const parts: OwnerPart[] = [];
  let i = 0;
  const pairs = tokens.length % 2 === 0 ? tokens.length / 2 : (tokens.length - 3) / 2;
  for (let p = 0; p < pairs; p++, i += 2) parts.push({ kind: 'person', name: `${tokens[i]} ${tokens[i + 1]}` });
  if (i < tokens.length) {
    const rest = tokens.slice(i).join(' ');
    warnings.push(`"${tokens.join(' ')}" was split into two-word names; check "${rest}"`);
    parts.push({ kind: 'person', name: rest });
  }
  return parts;
}

function nameFromEmail(email: string): string {
  return email
    .split('@')[0]!
    .split(/[._-]+/)
    .filter(Boolean)
    .map(capitalise)
    .join(' ');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * Owners for one cell in one role. Every owner keeps the whole cell as written (`raw`), as the
 * demo data does, so the source is never lost when the split was a guess.
 */
export function ownersFromCell(
  cell: string,
  role: OwnerRole,
  directory: PeopleDirectory,
  row: number,
  note: string,
): { owners: Owner[]; warnings: string[] } {
  const raw = cell.replace(/\s+/g, ' ').trim();
  const { parts, warnings } = directory.split(raw);
  const owners: Owner[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const owner: Owner =
      part.kind === 'group' ? { role, group: part.group, raw } : { role, personId: directory.personFor(part, row, note), raw };
    const key = `${owner.personId ?? ''}|${owner.group ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    owners.push(owner);
  }
  return { owners, warnings: [...warnings] };
}
