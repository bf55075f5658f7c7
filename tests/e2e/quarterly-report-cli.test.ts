/**
 * `npm run report` as a council officer runs it: the demo data when there is no data file yet,
 * the paper's sections in Markdown, an XLSX file with one sheet per section, and bad arguments
 * answered with what is allowed.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { runReportCommand } from '../../src/features/rounds/report/report-command.js';
import { CHILD_TEST_TIMEOUT, baseEnv, runScript } from '../helpers/child-process.js';

/** The real command line, as a child process (used sparingly: starting tsx is slow on a busy machine). */
function reportProcess(args: string[], dataDir: string, cwd?: string) {
  return runScript('scripts/report.ts', args, { env: baseEnv({ DATA_DIR: dataDir }), cwd });
}

/** The same command in process. */
async function report(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runReportCommand(args, { stdout: (t) => (stdout += t.toString()), stderr: (t) => (stderr += t), dataDir });
  return { code, stdout, stderr };
}

describe('npm run report', { timeout: CHILD_TEST_TIMEOUT }, () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the demo CIP appendix as Markdown, mirroring the June 2018 paper', async () => {
    const { code, stdout } = await reportProcess(['--plan', 'derby-cip', '--quarter', '2018/19-Q1', '--format', 'md'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('# Corporate Improvement Plan (CIP): Q1 2018/19 (April to June 2018) update');
    expect(stdout).toContain('Progress up to Friday 1 June 2018.');
    expect(stdout).toContain('| **Grand Total** | **61** |');
    expect(stdout).toContain('## 4.6 Completed since the launch of the CIP (December 2017) (17)');
    expect(stdout).toContain('## 4.7 On track for completion (4)');
    expect(stdout).toContain('## 4.8 Slippage (no new date proposed) (1)');
    expect(stdout).toContain('## 4.9 Revised timescales proposed for endorsement (8)');
  });

  it('reads a council data file when there is one, and uses its round for the cut-off', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'report-data-'));
    try {
      const data = JSON.parse(await readFile(projectPath('data', 'demo', 'demo-data.json'), 'utf8'));
      data.ext = {
        quarterlyRounds: [
          {
            id: 'round-derby-cip-2018-19-q1', planId: 'derby-cip', quarter: '2018/19-Q1', asAt: '2018-05-31', deadline: '2018-06-08',
            startedBy: { name: 'Heather Greenan' }, startedAt: '2018-06-01T09:00:00.000Z', state: 'closed',
          },
        ],
      };
      await writeFile(path.join(own, 'store.json'), JSON.stringify(data));
      const result = await report(['--plan', 'derby-cip', '--quarter', '2018/19-Q1', '--format', 'csv'], own);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Counts as at 2018-05-31 (computed)');
      await writeFile(path.join(own, 'store.json'), '{ not json');
      const broken = await report(['--plan', 'derby-cip', '--quarter', '2018/19-Q1', '--format', 'csv'], own);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('Cannot read the data');
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  it('without --out, an XLSX file goes into reports/ (git ignores it), and it says where', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'report-cwd-'));
    try {
      const { code, stderr } = await reportProcess(['--plan', 'derby-cip', '--quarter', '2018/19-Q1', '--format', 'xlsx'], dir, cwd);
      expect(code).toBe(0);
      const written = await readdir(path.join(cwd, 'reports'));
      expect(written).toEqual([expect.stringMatching(/\.xlsx$/)]);
      expect(stderr).toContain(`Wrote ${path.join('reports', written[0]!)} (`);
      expect(await readdir(cwd)).toEqual(['reports']);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it('writes an XLSX file with the counts and one sheet per section', async () => {
    const out = path.join(dir, 'q1.xlsx');
    expect((await report(['--plan', 'derby-cip', '--quarter', 'Q1 2018/19', '--format', 'xlsx', '--out', out], dir)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(out)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Counts', '4.6 Completed', '4.7 On track', '4.8 Slippage', '4.9 Revised timescales']);
    expect(workbook.getWorksheet('4.9 Revised timescales')!.rowCount).toBe(2 + 8);
  });

  it('answers bad arguments with what is allowed, and exit code 2', async () => {
    const failure = await report(['--plan', 'derby-cip', '--quarter', '2018/19-Q1', '--format', 'pdf'], dir);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toContain('--format must be xlsx, csv or md');
    const quarter = await report(['--plan', 'derby-cip', '--quarter', '202/2021', '--format', 'md'], dir);
    expect(quarter.code).toBe(2);
    expect(quarter.stderr).toContain('is not a quarter');
    const missing = await report(['--plan', 'derby-cip', '--format', 'md'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--quarter is required');
    const plan = await report(['--plan', 'nope', '--quarter', '2018/19-Q1', '--format', 'md'], dir);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('No plan "nope"');
    expect(plan.stderr).toContain('derby-cip');
  });
});
