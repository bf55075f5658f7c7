/**
 * `npm run digest -- --dry-run`: prints who would get which weekly digest, and who cannot be
 * reached, without sending anything. Reads the bot's data files (DATA_DIR/store.json and its
 * send log, read-only: safe while the bot runs) or, when there are none, the demo dataset.
 *
 *   npm run digest -- --dry-run                      this week, everyone
 *   npm run digest -- --dry-run --date 2020-11-23    as on that day (YYYY-MM-DD or ISO instant)
 *   npm run digest -- --dry-run --person tilly-flanagan --full   one person's digest in full
 *   npm run digest -- --dry-run --json               machine-readable
 *
 * To send, ask the running bot: "send the weekly digest now" (it owns the conversation references
 * and the send log, so a digest is never sent twice).
 */
import { fail, parseCommandLine, personOrFail } from './cli.js';

const spec = {
  command: 'npm run digest',
  usage: `Usage: npm run digest -- --dry-run [--date YYYY-MM-DD] [--person <person id>] [--full] [--json]
Prints who would get which weekly digest, and who cannot be reached. Sends nothing: to send, ask the bot "send the weekly digest now".
  --dry-run  required: this tool only ever shows what would be sent
  --date     as on that day (YYYY-MM-DD, or an ISO 8601 instant); default FIXED_NOW, else today
  --person   one person's digest, e.g. tilly-flanagan (shown in full)
  --full     every digest's text as well as the table
  --json     machine-readable
Reads DATA_DIR/store.json (read-only, safe while the bot runs), or the demo data when there is none.`,
  options: {
    'dry-run': { type: 'boolean' },
    date: { type: 'string' },
    person: { type: 'string' },
    full: { type: 'boolean' },
    json: { type: 'boolean' },
  },
} as const;

const { values } = parseCommandLine(spec);
const flag = (name: 'dry-run' | 'full' | 'json') => values[name] === true;
const out = (line = '') => process.stdout.write(`${line}\n`);
if (!flag('dry-run')) {
  fail(spec, 'only --dry-run is supported: it prints who would get what and sends nothing. To send, ask the bot in Teams: "send the weekly digest now".');
}

const { existsSync } = await import('node:fs');
const { default: path } = await import('node:path');
const { ConfigError, loadConfig } = await import('../src/config.js');
const { SECTION_ORDER } = await import('../src/domain/digest/index.js');
const { Snapshot } = await import('../src/domain/snapshot.js');
const { formatUkDate } = await import('../src/domain/uk-format.js');
const { pickSettings, planDigest } = await import('../src/features/digest/service.js');
const { readDemoData } = await import('../src/store/demo.js');
const { DATA_FILE_NAME, readStoreData } = await import('../src/store/lowdb-store.js');
const { StoreLoadError } = await import('../src/store/store.js');
type PlannedDigest = import('../src/features/digest/service.js').PlannedDigest;
type StoreData = import('../src/domain/model.js').StoreData;

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const dateArg = values.date;
let now: Date;
if (dateArg) {
  now = new Date(/^\d{4}-\d{2}-\d{2}$/.test(dateArg) ? `${dateArg}T08:00:00Z` : dateArg);
  if (Number.isNaN(now.getTime())) fail(spec, `--date "${dateArg}" is not a date: use YYYY-MM-DD or an ISO 8601 instant.`);
} else {
  now = config.FIXED_NOW ? new Date(config.FIXED_NOW) : new Date();
}

const file = path.resolve(config.DATA_DIR, DATA_FILE_NAME);
let data: StoreData;
let source: string;
if (existsSync(file)) {
  data = await readStoreData(config.DATA_DIR).catch((error: unknown): never => {
    if (error instanceof StoreLoadError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(3);
    }
    throw error;
  });
  source = file;
  if (data.plans.length === 0 && config.DEMO_DATA) {
    data = await readDemoData();
    source = `${file} is empty, so the demo dataset`;
  }
} else {
  data = await readDemoData();
  source = `the demo dataset (no ${file} yet)`;
}

const snapshot = new Snapshot(data, 1);
const personArg = values.person;
if (personArg) personOrFail(spec, '--person', personArg, snapshot.person(personArg), source);
const settings = pickSettings(config);
const plan = planDigest(snapshot, now, settings, { personal: 'include', onlyPeople: personArg ? new Set([personArg]) : undefined });

if (flag('json')) {
  out(
    JSON.stringify(
      {
        runId: plan.runId,
        today: plan.today,
        source,
        disabledPlans: plan.computed.disabledPlans.map((p) => p.id),
        people: plan.people.map((p) => ({
          personId: p.personId,
          name: p.name,
          status: p.status,
          reachable: p.reach.reachable,
          reach: p.reach.reason,
          alreadySent: p.alreadySent,
          own: p.digest.lead ? Object.fromEntries(SECTION_ORDER.map((s) => [s, p.digest.lead!.sections[s].map((f) => f.action.id)])) : undefined,
          followUps: p.digest.lead?.followUps.map((f) => f.resolution.id),
          overview: p.digest.overview?.because,
          text: flag('full') ? p.reply?.text : undefined,
        })),
        channels: plan.channels.map((c) => ({ conversationId: c.conversationId, name: c.name, status: c.status, reachable: c.reachable, alreadySent: c.alreadySent, text: flag('full') ? c.reply?.text : undefined })),
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

out(`Weekly digest DRY RUN (nothing is sent): ${plan.runId}, as on ${formatUkDate(plan.today)}`);
out(`Data: ${source}`);
out(`Settings: due within ${settings.DIGEST_DUE_WEEKS} weeks, stale after ${settings.DIGEST_STALE_WEEKS} weeks, empty digests ${settings.DIGEST_SEND_EMPTY ? 'sent' : 'not sent'}, schedule "${settings.DIGEST_CRON}" (Europe/London)`);
if (plan.computed.disabledPlans.length) out(`Digest switched off for: ${plan.computed.disabledPlans.map((p) => p.title).join(', ')}`);
out();

const STATUS: Record<PlannedDigest['status'], string> = { send: 'would send', 'nothing-to-report': 'nothing to report', 'opted-out': 'stopped by them', 'own-schedule': 'on their own day' };
const rows = plan.people.map((p) => {
  const lead = p.digest.lead;
  const own = lead ? SECTION_ORDER.map((s) => lead.sections[s].length).join('/') + `/${lead.followUps.length}` : '-';
  return {
    person: p.name,
    status: p.alreadySent ? 'already sent this week' : STATUS[p.status],
    reach: p.reach.reachable ? 'yes' : `NO: ${p.reach.reason}`,
    own,
    overview: p.digest.overview ? p.digest.overview.because.join('; ') : '-',
  };
});
const headers = { person: 'Person', status: 'Status', reach: 'Reachable', own: 'Past target/slipped/awaiting/due/stale/follow-ups', overview: 'Overview as' };
const widths = Object.fromEntries(Object.keys(headers).map((k) => [k, Math.max((headers as Record<string, string>)[k]!.length, ...rows.map((r) => String((r as Record<string, string>)[k]).length))]));
const line = (r: Record<string, string>) => Object.keys(headers).map((k) => String(r[k]).padEnd(widths[k]!)).join('  ');
out(line(headers));
out(Object.keys(headers).map((k) => '-'.repeat(widths[k]!)).join('  '));
for (const row of rows) out(line(row));
out();
if (plan.channels.length) {
  out('Channels:');
  for (const channel of plan.channels) {
    const state = channel.alreadySent ? 'already posted this week' : channel.status === 'send' ? 'would post' : channel.status === 'gone' ? 'skipped: its committee or plan no longer exists' : 'nothing to report';
    out(`  ${channel.name} (${channel.conversationId}): ${state}${channel.reachable ? '' : '; NOT reachable (the bot is no longer in that channel)'}`);
  }
  out();
}
const sending = plan.people.filter((p) => p.status === 'send' && !p.alreadySent);
out(`${sending.length} would be sent now; ${sending.filter((p) => !p.reach.reachable).length} of them cannot be reached (no active conversation with the bot).`);

if (flag('full') || personArg) {
  for (const person of plan.people) {
    out();
    out(`===== ${person.name} (${person.personId}): ${STATUS[person.status]} =====`);
    out(person.reply?.text ?? '(no message)');
  }
}
