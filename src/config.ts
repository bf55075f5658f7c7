/**
 * Every setting is an environment variable, read through this one zod schema. A bad value stops
 * start-up with one line naming the variable, the value and what is allowed (ConfigError).
 * .env.example documents every variable; keep the two in step.
 */
import { Cron } from 'croner';
import { z } from 'zod';

/** The bot's name where the Teams app package or an activity does not give one (APP_NAME sets it for the package). */
export const DEFAULT_APP_NAME = 'Council Actions';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const emailList = z
  .string()
  .transform((v) => v.split(/[,;\s]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(z.email()));

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'a GUID');

const guidList = z
  .string()
  .transform((v) => v.split(/[,;\s]+/).map((id) => id.trim().toLowerCase()).filter(Boolean))
  .pipe(z.array(guid.describe('a comma-separated list of Entra tenant ids (GUIDs)')));

const ConfigShape = z.object({
    /** 0 picks a free port (tests). */
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    /** Host to bind; forced to 127.0.0.1 while inbound auth is off. */
    HOST: z.string().default('0.0.0.0'),
    MicrosoftAppId: z.union([z.literal(''), guid]).default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).default('SingleTenant'),
    MicrosoftAppTenantId: z.union([z.literal(''), guid]).default(''),
    /**
     * The Entra tenants whose Teams users the bot serves (comma-separated tenant ids). Empty: the
     * tenant of MicrosoftAppTenantId; in local mode with neither set, any tenant (see allowedTenants).
     */
    ALLOWED_TENANTS: guidList.default([]),
    DATA_DIR: z.string().min(1).default('./data'),
    /** PostgreSQL store (postgres://user:password@host:5432/db). Empty: the embedded store in DATA_DIR. */
    DATABASE_URL: z.union([z.literal(''), z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL')]).default(''),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** auto: no TLS to a server on this machine, verified TLS to any other (or the URL's sslmode). */
    DATABASE_SSL: z.enum(['auto', 'disable', 'require', 'verify-full']).default('auto'),
    DATABASE_SSL_CA_FILE: z.string().default(''),
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** password (in DATABASE_URL) or azure-managed-identity (an Entra token per connection). */
    DATABASE_AUTH: z.enum(['password', 'azure-managed-identity']).default('password'),
    DATABASE_MANAGED_IDENTITY_CLIENT_ID: z.string().default(''),
    DEMO_DATA: booleanText.default(true),
    /** Freezes the bot's clock (ISO 8601), for demos and tests. */
    FIXED_NOW: z.iso.datetime({ offset: true }).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** People who are plan and democratic-services admins from the first start (comma-separated). */
    ADMIN_EMAILS: emailList.default([]),
    /** Weekly digest schedule (cron, Europe/London) and window sizes. */
    DIGEST_CRON: z.string().refine(isCronPattern, 'a cron pattern such as "0 8 * * 1" (minute hour day-of-month month day-of-week, Europe/London)').default('0 8 * * 1'),
    DIGEST_DUE_WEEKS: z.coerce.number().int().min(1).max(26).default(4),
    DIGEST_STALE_WEEKS: z.coerce.number().int().min(1).max(104).default(12),
    DIGEST_SEND_EMPTY: booleanText.default(false),
    /** Proactive send limits (Teams: 7/s per conversation, 50/s per tenant). */
    SEND_PER_CONVERSATION_PER_SECOND: z.coerce.number().min(0.1).max(7).default(7),
    SEND_PER_TENANT_PER_SECOND: z.coerce.number().min(0.1).max(50).default(50),
    /** Microsoft Graph (directory lookup). Empty: the directory is off and people are matched by email only. */
    GRAPH_TENANT_ID: z.string().default(''),
    GRAPH_CLIENT_ID: z.string().default(''),
    GRAPH_CLIENT_SECRET: z.string().default(''),
    GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/'),
    /** Quarterly rounds: reminders this many working days before the deadline, to non-responders only. */
    ROUND_REMINDER_WORKING_DAYS: z.coerce.number().int().min(0).max(20).default(2),
    /** ModernGov site to import committees and meetings from (optional), and when to refresh it. */
    MODERNGOV_URL: z.union([z.literal(''), z.url()]).default(''),
    MODERNGOV_REFRESH_CRON: z.string().default('0 6 * * *'),
    /** Which council the ModernGov site belongs to (needed when the store holds more than one council). */
    MODERNGOV_COUNCIL_ID: z.string().default(''),
    /** Only these ModernGov committees (ids or names, comma-separated); empty: every current committee. */
    MODERNGOV_COMMITTEES: z.string().default(''),
    /**
     * Longest a turn waits for one call to the Bot Connector (a reply, a card update, typing, a member
     * look-up), retries included; all of a turn's calls together get twice this. Teams gives up on a
     * turn after 15 s, hence the ceiling.
     */
    CONNECTOR_TIMEOUT_MS: z.coerce.number().int().min(100).max(7_000).default(4_000),
    /** Show "typing…" for turns slower than this many milliseconds; 0 sends it first on every turn. */
    TYPING_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(250),
    /** Set to false to turn the scheduler off (e.g. on a second instance). */
    SCHEDULER_ENABLED: booleanText.default(true),
  });

/** Every variable the bot reads (kept in step with .env.example by a test). */
export const CONFIG_VARIABLES = Object.keys(ConfigShape.shape);

/** croner's own parser decides, so a pattern that passes here is one the scheduler can run. */
function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true, timezone: 'Europe/London' }).stop();
    return true;
  } catch {
    return false;
  }
}

export const ConfigSchema = ConfigShape.superRefine((cfg, ctx) => {
    if (cfg.MicrosoftAppId && cfg.MicrosoftAppType === 'SingleTenant' && !cfg.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: 'is required when MicrosoftAppType is SingleTenant and MicrosoftAppId is set (your Entra tenant id, a GUID)',
      });
    }
    if (cfg.MicrosoftAppId && cfg.MicrosoftAppType !== 'UserAssignedMSI' && !cfg.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: 'is required when MicrosoftAppId is set (the bot registration client secret), unless MicrosoftAppType is UserAssignedMSI',
      });
    }
    if (cfg.MicrosoftAppId && !cfg.MicrosoftAppTenantId && cfg.ALLOWED_TENANTS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['ALLOWED_TENANTS'],
        message: 'is required when MicrosoftAppId is set without MicrosoftAppTenantId: the Entra tenant id(s) whose Teams users this bot serves (comma-separated GUIDs)',
      });
    }
    // The directory is all or nothing: a partial Graph setup would fail later, on an admin's command.
    if (cfg.DATABASE_AUTH === 'azure-managed-identity' && !cfg.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when DATABASE_AUTH is azure-managed-identity (postgres://<identity name>@<server>.postgres.database.azure.com:5432/<database>)' });
    }
    const graphSet = (['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const).filter((key) => cfg[key] !== '');
    if (graphSet.length > 0 && graphSet.length < 3) {
      const missing = (['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const).find((key) => cfg[key] === '')!;
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `is required when ${graphSet.join(' and ')} ${graphSet.length === 1 ? 'is' : 'are'} set: the directory needs the tenant id, the app (client) id and its client secret, or none of them`,
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** True when inbound JWT validation is on (an app id is configured). */
  authEnabled: boolean;
  /**
   * The tenants served: ALLOWED_TENANTS, else MicrosoftAppTenantId (lower case). 'any' only in local
   * mode with neither set: the server then listens on loopback and calls loopback connectors only, so
   * whatever tenant a local client (the Agents Playground, a test) names is served.
   */
  allowedTenants: readonly string[] | 'any';
};

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const SECRET_NAMES = new Set(['MicrosoftAppPassword', 'GRAPH_CLIENT_SECRET']);

/** Reads the configuration from an environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(ConfigShape.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value.trim();
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    const value = name in input ? (SECRET_NAMES.has(name) ? '(hidden)' : name === 'DATABASE_URL' ? JSON.stringify(maskUrlPassword(input[name]!)) : JSON.stringify(input[name])) : '(not set)';
    throw new ConfigError(`Invalid configuration: ${name}=${value}: ${describeIssue(issue)}`);
  }
  const data = parsed.data;
  const configured = data.ALLOWED_TENANTS.length > 0 ? data.ALLOWED_TENANTS : data.MicrosoftAppTenantId ? [data.MicrosoftAppTenantId.toLowerCase()] : [];
  // An app id without any tenant was refused above, so 'any' can only happen in local mode.
  return { ...data, authEnabled: data.MicrosoftAppId !== '', allowedTenants: configured.length > 0 ? configured : 'any' };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // A list variable names the entry: "entry 2: expected a GUID".
  const entry = typeof issue.path[1] === 'number' ? `entry ${issue.path[1] + 1}: ` : '';
  return entry + describeProblem(issue);
}

function describeProblem(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_format' && issue.format === 'regex') return `expected ${issue.message}`;
  if (issue.code === 'invalid_value' && 'values' in issue) return `allowed values are ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_small' || issue.code === 'too_big') return `out of range: ${issue.message}`;
  if (issue.code === 'invalid_format' || issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return `expected ${'format' in issue && issue.format ? issue.format : issue.message.replace(/^Invalid input: /, '')}`;
  }
  return issue.message;
}

/** A URL with its password replaced by ***, so a database URL can be logged. */
export function maskUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(set)';
  }
}

/** The configuration with secrets masked, for the start-up log line. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key] = SECRET_NAMES.has(key) ? (value ? '(set)' : '(not set)') : value;
  }
  if (config.DATABASE_URL) out.DATABASE_URL = maskUrlPassword(config.DATABASE_URL);
  return out;
}
