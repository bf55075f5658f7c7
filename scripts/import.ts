/**
 * Brings a council's data into the bot's data file (DATA_DIR/store.json):
 *
 *   npm run import -- plan <file.xlsx|file.csv> --plan <id> [--sheet N|name] [--mapping mapping.json]
 *                      [--dry-run] [--force] [--as-at YYYY-MM-DD] [--council <id> --title "..." [--council-name "..."]]
 *                      [--as <email or person id>]
 *   npm run import -- moderngov --committees committees.xml --meetings meetings.xml [--meetings more.xml]
 *                      [--meeting-dir dir/] [--council <id>] [--dry-run]
 *   npm run import -- moderngov --url https://democracy.example.gov.uk [--council <id>] [--dry-run]
 *   npm run import -- json <backup.json> [--replace] [--dry-run]
 *
 * Common: --data-dir DIR (default: DATA_DIR, else ./data).
 * Exit codes: 0 done; 1 done, but some rows were rejected or held; 2 bad input (nothing changed);
 * 3 the data file is in use by the running bot (nothing changed).
 */
import { fail, parseCommandLine, type CliSpec } from './cli.js';

class UsageError extends Error {}

const USAGE = `Usage:
  npm run import -- plan <file.xlsx|file.csv> --plan <id> [--sheet N|name] [--mapping mapping.json] [--dry-run] [--force]
                     [--as-at YYYY-MM-DD] [--council <id> --title "Plan title" [--council-name "Council name"]] [--as <email|person id>]
  npm run import -- moderngov --committees committees.xml --meetings meetings.xml [--meetings more.xml] [--meeting-dir dir/] [--council <id>] [--dry-run]
  npm run import -- moderngov --url https://democracy.example.gov.uk [--council <id>] [--dry-run]
  npm run import -- json <backup.json> [--replace] [--dry-run]
Options for all: --data-dir DIR (default DATA_DIR or ./data)
Exit codes: 0 done; 1 done, but some rows were rejected or held; 2 bad input (nothing changed); 3 the data file is in use by the running bot.`;

const spec = {
  command: 'npm run import',
  usage: USAGE,
  positionals: 2,
  options: {
    plan: { type: 'string' },
    sheet: { type: 'string' },
    mapping: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    'as-at': { type: 'string' },
    council: { type: 'string' },
    'council-name': { type: 'string' },
    title: { type: 'string' },
    as: { type: 'string' },
    committees: { type: 'string' },
    meetings: { type: 'string', multiple: true },
    'meeting-dir': { type: 'string' },
    url: { type: 'string' },
    replace: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
  },
} as const;

// Arguments first, before anything heavy is loaded: --help and a typo are answered at once.
const { values, positionals } = parseCommandLine(spec);
const [command, file] = positionals;
if (!command) fail(spec, 'say what to import: plan, moderngov or json.');
if (!['plan', 'moderngov', 'json'].includes(command)) fail(spec, `unknown import "${command}": use plan, moderngov or json.`);

const { randomUUID } = await import('node:crypto');
const { readFile, stat } = await import('node:fs/promises');
const { default: os } = await import('node:os');
const { default: path } = await import('node:path');
const { ZodError } = await import('zod');
const { ConfigError, loadConfig } = await import('../src/config.js');
const { ColumnMappingError, ColumnMappingFile } = await import('../src/features/imports/plan/columns.js');
const { DataFileInUseError, openStoreForReading, openStoreForWriting } = await import('../src/features/imports/cli-store.js');
const { BackupFileError, importStoreJson, jsonReportLines, parseBackup } = await import('../src/features/imports/json-backup.js');
const { ModernGovFetchError, fetchModernGov } = await import('../src/features/imports/moderngov/client.js');
const { readModernGovFiles } = await import('../src/features/imports/moderngov/files.js');
const { importModernGov, moderngovReportLines } = await import('../src/features/imports/moderngov/merge.js');
const { ModernGovFormatError } = await import('../src/features/imports/moderngov/parse.js');
const { importPlan, PlanImportError } = await import('../src/features/imports/plan/index.js');
const { reportLines } = await import('../src/features/imports/plan/report.js');
const { readTable, TableReadError } = await import('../src/features/imports/table.js');
const { StoreLoadError } = await import('../src/store/store.js');
type CliStore = import('../src/features/imports/cli-store.js').CliStore;
type ModernGovData = import('../src/features/imports/moderngov/merge.js').ModernGovData;

const out = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const dataDir = values['data-dir'] ?? loadConfig().DATA_DIR;
  const dryRun = values['dry-run'];
  const now = new Date();
  const open = (): Promise<CliStore> => (dryRun ? openStoreForReading(dataDir) : openStoreForWriting(dataDir));

  if (command === 'plan') {
    if (!file) throw new UsageError('Give the spreadsheet: npm run import -- plan <file.xlsx|file.csv> --plan <id>');
    if (!values.plan) throw new UsageError('Give the plan id: --plan <id> (for example --plan derby-cip).');
    if (values['as-at'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-at'])) throw new UsageError(`--as-at must be YYYY-MM-DD, got "${values['as-at']}".`);
    const mapping = values.mapping ? ColumnMappingFile.parse(JSON.parse(await readFile(values.mapping, 'utf8'))) : undefined;
    const content = await readFile(file);
    const sheetOption = values.sheet ?? mapping?.sheet;
    const sheet = typeof sheetOption === 'string' && /^\d+$/.test(sheetOption) ? Number(sheetOption) : sheetOption;
    const table = await readTable(path.basename(file), content, { sheet });
    const fileDate = (await stat(file)).mtime.toISOString();
    const cli = await open();
    try {
      const snapshot = await cli.store.snapshot();
      const person = values.as ? (snapshot.person(values.as) ?? snapshot.personByEmail(values.as)) : undefined;
      if (values.as && !person) throw new UsageError(`--as "${values.as}" is not a known person id or email.`);
      const councilId = values.council ?? (snapshot.data.councils.length === 1 ? snapshot.data.councils[0]!.id : undefined);
      const report = await importPlan(cli.store, table, {
        planId: values.plan,
        mapping,
        asAt: values['as-at'],
        fileDate,
        force: values.force,
        newPlan: values.title && councilId ? { councilId, title: values.title, councilName: values['council-name'] } : undefined,
        actor: { personId: person?.id, name: person?.name ?? `command line (${os.userInfo().username})` },
        now,
        importId: randomUUID(),
        dryRun,
      });
      if (cli.readOnly) out('(The bot is running: the data file was read as it is on disk; nothing was written.)');
      for (const line of reportLines(report)) out(line);
      return report.counts.rejected + report.counts.held > 0 ? 1 : 0;
    } finally {
      await cli.close();
    }
  }

  if (command === 'moderngov') {
    let data: ModernGovData;
    if (values.url) {
      data = await fetchModernGov({ siteUrl: values.url, now });
    } else {
      if (!values.committees || !values.meetings?.length) {
        throw new UsageError('Give --committees committees.xml and --meetings meetings.xml (GetCommittees and GetMeetings responses), or --url for the site.');
      }
      data = await readModernGovFiles({ committees: values.committees, meetings: values.meetings, meetingDir: values['meeting-dir'] });
    }
    const cli = await open();
    try {
      const snapshot = await cli.store.snapshot();
      const councilId = values.council ?? (snapshot.data.councils.length === 1 ? snapshot.data.councils[0]!.id : undefined);
      if (!councilId) {
        throw new UsageError(`Say which council the site belongs to: --council <id> (councils: ${snapshot.data.councils.map((c) => c.id).join(', ') || 'none yet'}).`);
      }
      const report = await importModernGov(cli.store, data, { councilId, now, actorName: `command line (${os.userInfo().username})`, dryRun });
      for (const line of moderngovReportLines(report)) out(line);
      return report.problems.length ? 1 : 0;
    } finally {
      await cli.close();
    }
  }

  if (command === 'json') {
    if (!file) throw new UsageError('Give the backup file: npm run import -- json <backup.json> [--replace]');
    const backup = parseBackup(await readFile(file, 'utf8'), path.basename(file));
    const cli = await open();
    try {
      const report = await importStoreJson(cli.store, backup, {
        replace: values.replace,
        dryRun,
        fileName: path.basename(file),
        actorName: `command line (${os.userInfo().username})`,
        now,
      });
      for (const line of jsonReportLines(report, path.basename(file))) out(line);
      return 0;
    } finally {
      await cli.close();
    }
  }
  throw new UsageError(`Unknown import "${command}".`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof DataFileInUseError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    const known =
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof TableReadError ||
      error instanceof ColumnMappingError ||
      error instanceof PlanImportError ||
      error instanceof BackupFileError ||
      error instanceof ModernGovFormatError ||
      error instanceof ModernGovFetchError ||
      error instanceof StoreLoadError ||
      (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (error instanceof ZodError) {
      const issue = error.issues[0]!;
      process.stderr.write(`The mapping file is not valid: at ${issue.path.join('.') || '(root)'}: ${issue.message}. Nothing was changed.\n`);
      process.exit(2);
    }
    if (error instanceof SyntaxError) {
      process.stderr.write(`${error.message}. Nothing was changed.\n`);
      process.exit(2);
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      process.stderr.write(`File not found: ${(error as NodeJS.ErrnoException).path ?? (error as Error).message}. Nothing was changed.\n`);
      process.exit(2);
    }
    if (error instanceof UsageError) fail(spec, error.message);
    if (known) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(`Import failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
