/**
 * Reading the source documents themselves (../shared/seeds/*.txt) while building the demo dataset:
 * every quoted value is checked against the lines it cites, so a wrong line number or a "tidied"
 * quote stops the build instead of reaching the product. Developer tool only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function fail(message: string): never {
  throw new Error(`build-demo-data: ${message}`);
}

/** Lower-case slug: apostrophes dropped, anything else non-alphanumeric becomes one hyphen. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * What a reader sees of a line: heading marks, HTML tags, markdown emphasis and list markers removed, "&amp;" read
 * as "&", runs of spaces collapsed. Used only to check quotes; stored text keeps its own form.
 */
export function visibleText(text: string): string {
  return text
    .replace(/^\s*#+\s*/, '')
    .replace(/<\/?(?:sup|sub|b|i|u|em|strong|span)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\*\*|\*/g, '')
    .replace(/&amp;/g, '&')
    .replace(/^\s*[-•]\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One seed file, addressed by line number (1-based, as the citations "[002:1877]" count). */
export class SeedText {
  readonly key: string;
  private readonly lines: string[];

  constructor(dir: string, key: string) {
    const file = readdirSync(dir).find((f) => f.startsWith(`${key}_`) && f.endsWith('.txt')) ?? fail(`no seed file ${key}_*.txt in ${dir}`);
    this.key = key;
    this.lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  }

  get lineCount(): number {
    return this.lines.length;
  }

  line(n: number): string {
    if (n < 1 || n > this.lines.length) fail(`${this.key}: no line ${n}`);
    return this.lines[n - 1]!;
  }

  /** Lines from..to inclusive, with their numbers. */
  range(from: number, to: number): { n: number; text: string }[] {
    const out: { n: number; text: string }[] = [];
    for (let n = from; n <= to; n++) out.push({ n, text: this.line(n) });
    return out;
  }

  /** Fails unless `quote` (as a reader sees it) is in lines from..to; returns the quote unchanged. */
  quote(from: number, to: number, quote: string): string {
    const haystack = visibleText(this.range(from, to).map((l) => l.text).join(' '));
    if (!haystack.includes(visibleText(quote))) fail(`${this.key}:${from}-${to} does not contain "${quote}"`);
    return quote;
  }

  /** The first line in from..to whose visible text contains `quote`. */
  findLine(from: number, to: number, quote: string): number {
    const wanted = visibleText(quote);
    const hit = this.range(from, to).find((l) => visibleText(l.text).includes(wanted));
    return hit?.n ?? fail(`${this.key}:${from}-${to}: no line contains "${quote}"`);
  }

  /** "002:1877" or "002:1877-1879". */
  ref(from: number, to = from): string {
    return from === to ? `${this.key}:${from}` : `${this.key}:${from}-${to}`;
  }
}

/** Line references of the checked reading's evidence ({file, line_range}) -> "000:88" / "000:117-120". */
export function evidenceLines(evidence: { file: string; line_range: [number, number] } | undefined): string | undefined {
  if (!evidence) return undefined;
  const [a, b] = evidence.line_range;
  const key = evidence.file.slice(0, 3);
  return a === b ? `${key}:${a}` : `${key}:${a}-${b}`;
}

/** The people registry of the main build script, as the document builders use it. */
export interface People {
  add(rawName: string, facts: { kind?: 'member' | 'officer'; councilId: string; jobTitle?: string; roleNote?: string }): string;
  id(rawName: string): string;
}

/**
 * The shared reference folder (seeds, checked readings) beside the checkout: ../shared, or
 * ../../shared for a git worktree kept one level deeper, or wherever SHARED_DIR points. Undefined
 * when there is none, as in a fresh clone of the project.
 */
export function findSharedDir(projectRoot: string): string | undefined {
  const candidates = [process.env.SHARED_DIR, path.resolve(projectRoot, '../shared'), path.resolve(projectRoot, '../../shared')];
  return candidates.find((dir): dir is string => Boolean(dir) && existsSync(path.join(dir!, 'seed-data')) && existsSync(path.join(dir!, 'seeds')));
}
