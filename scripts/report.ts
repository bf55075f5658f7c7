/**
 * Writes the committee report appendix for a plan and quarter (see src/reports/report-command.ts):
 *   npm run report -- --plan derby-cip --quarter 2018/19-Q1 --format md
 *   npm run report -- --plan staffs-cdp --quarter 2020/21-Q2 --format xlsx            (into reports/)
 *   npm run report -- --plan staffs-cdp --quarter 2020/21-Q2 --format xlsx --out q2.xlsx
 */
import { parseCommandLine } from './cli.js';

/** Where an xlsx goes without --out: a folder git ignores (.gitignore), under the current folder. */
const REPORTS_DIR = 'reports';

const spec = {
  command: 'npm run report',
  usage: `Usage: npm run report -- --plan <plan id> --quarter <2020/21-Q2> --format <xlsx|csv|md> [--out <file>] [--as-at YYYY-MM-DD] [--data-dir DIR]
Writes the committee appendix for a plan and quarter: counts, then completed / on track / slippage / revised timescales.
  --plan      the plan's id, e.g. derby-cip or staffs-cdp
  --quarter   the financial quarter, e.g. 2020/21-Q2 (July to September 2020)
  --format    xlsx (a file), csv or md (standard output unless --out is given)
  --out       the file to write; without it an xlsx goes into ${REPORTS_DIR}/ (git ignores it) and the path is printed
  --as-at     the cut-off date (default: the quarter's update round, else the latest position recorded in it)
  --data-dir  the bot's data folder (default DATA_DIR, else ./data; the demo data when there is no data file)`,
  options: {
    plan: { type: 'string' },
    quarter: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'as-at': { type: 'string' },
    'data-dir': { type: 'string' },
  },
} as const;

// Refuses unknown options and answers --help before the report code is loaded.
parseCommandLine(spec);

const { runReportCommand } = await import('../src/features/rounds/report/report-command.js');
process.exitCode = await runReportCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  dataDir: process.env.DATA_DIR,
  outDir: REPORTS_DIR,
});
