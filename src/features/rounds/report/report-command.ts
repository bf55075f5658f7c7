/**
 * The `npm run report` command (scripts/report.ts is its thin entry point), testable in process.
 * Writes the committee report appendix for a plan and quarter:
 *   npm run report -- --plan derby-cip --quarter 2018/19-Q1 --format md
 *   npm run report -- --plan staffs-cdp --quarter 2020/21-Q2 --format xlsx --out q2.xlsx
 * Options: --as-at YYYY-MM-DD (default: the round's cut-off, else the latest position recorded in
 * the quarter), --data-dir DIR (default DATA_DIR, else ./data).
 *
 * Reads <data dir>/store.json without locking or writing it (safe while the bot runs); when there
 * is no data file yet, the bundled demo data. Only public actions are included: the appendix goes
 * into a public committee paper. Markdown and CSV go to standard output unless --out is given.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IsoDate, StoreData } from '../../../domain/model.js';
import { buildQuarterlySummary, defaultAsAt, previousReport } from '../../../domain/quarterly/summary.js';
import { QuarterLabel, roundsIn } from '../../../domain/quarterly/index.js';
import { parseQuarter } from '../../../domain/quarters.js';
import { Snapshot } from '../../../domain/snapshot.js';
import { DATA_FILE_NAME } from '../../../store/lowdb-store.js';
import { DEMO_DATA_FILE } from '../../../store/demo.js';
import { reportFileName, writeReport } from './quarterly-report.js';
import { CHANNEL_AUDIENCE } from '../service.js';

const USAGE = 'Usage: npm run report -- --plan <plan id> --quarter <2020/21-Q2> --format <xlsx|csv|md> [--out <file>] [--as-at YYYY-MM-DD] [--data-dir DIR]';

const Args = z.object({
  plan: z.string({ error: 'is required' }).min(1),
  quarter: z.string({ error: 'is required' }).transform((q, ctx) => {
    const parsed = parseQuarter(q);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: `"${q}" is not a quarter: use the financial-year form, e.g. 2020/21-Q2 (July to September 2020)` });
      return z.NEVER;
    }
    return QuarterLabel.parse(parsed.label);
  }),
  format: z.enum(['xlsx', 'csv', 'md'], { error: 'must be xlsx, csv or md' }),
  out: z.string().optional(),
  'as-at': IsoDate.optional(),
  'data-dir': z.string().optional(),
});

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

function loadData(dataDir: string): { data: StoreData; source: string } {
  const file = path.resolve(dataDir, DATA_FILE_NAME);
  const source = existsSync(file) ? file : DEMO_DATA_FILE;
  const parsed = StoreData.safeParse(JSON.parse(readFileSync(source, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${source} does not match the data schema at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { data: parsed.data, source };
}

export interface ReportIo {
  stdout: (text: string | Buffer) => void;
  stderr: (text: string) => void;
  /** DATA_DIR from the environment. */
  dataDir?: string;
  /** Where an xlsx file goes without --out (created if missing). Default: the current folder. */
  outDir?: string;
}

/** Runs the command; returns the exit code (0 done, 1 no such plan, 2 bad arguments). */
export async function runReportCommand(argv: string[], io: ReportIo): Promise<number> {
  let raw: Record<string, string>;
  try {
    raw = parseArgs(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const args = Args.safeParse(raw);
  if (!args.success) {
    const issue = args.error.issues[0]!;
    io.stderr(`--${String(issue.path[0] ?? 'arguments')} ${issue.message}\n${USAGE}\n`);
    return 2;
  }
  const { plan: planId, quarter, format, out } = args.data;
  let loaded: { data: StoreData; source: string };
  try {
    loaded = loadData(args.data['data-dir'] ?? io.dataDir ?? './data');
  } catch (error) {
    io.stderr(`Cannot read the data: ${(error as Error).message}\n`);
    return 1;
  }
  const { data, source } = loaded;
  const snapshot = new Snapshot(data, 1);
  const plan = snapshot.plan(planId);
  if (!plan) {
    io.stderr(`No plan "${planId}" in ${source}. Plans: ${snapshot.plans.map((p) => p.id).join(', ')}\n`);
    return 1;
  }
  const rounds = roundsIn(snapshot).filter((r) => r.planId === plan.id);
  const round = rounds.find((r) => r.quarter === quarter);
  const asAt = args.data['as-at'] ?? round?.asAt ?? defaultAsAt(snapshot, plan, quarter);
  const summary = buildQuarterlySummary({ snapshot, plan, quarter, asAt, previous: previousReport(rounds, plan.id, asAt), round, audience: CHANNEL_AUDIENCE });
  const content = await writeReport(summary, format);
  if (out) {
    writeFileSync(out, content);
    io.stderr(`Wrote ${out} (${content.length} bytes) from ${source}.\n`);
  } else if (format === 'xlsx') {
    const name = path.join(io.outDir ?? '.', reportFileName(summary, format));
    mkdirSync(path.dirname(name), { recursive: true });
    writeFileSync(name, content);
    io.stderr(`Wrote ${name} (${content.length} bytes) from ${source}.\n`);
  } else {
    io.stdout(content);
  }
  return 0;
}
