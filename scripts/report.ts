/**
 * Writes the committee report appendix for a plan and quarter (see src/reports/report-command.ts):
 *   npm run report -- --plan derby-cip --quarter 2018/19-Q1 --format md
 *   npm run report -- --plan staffs-cdp --quarter 2020/21-Q2 --format xlsx --out q2.xlsx
 */
import { runReportCommand } from '../src/features/rounds/report/report-command.js';

process.exitCode = await runReportCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  dataDir: process.env.DATA_DIR,
});
