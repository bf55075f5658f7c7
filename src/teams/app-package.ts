/**
 * Builds the Teams app package (appPackage.zip) from manifest/manifest.template.json and the
 * environment. The pure pieces live here so tests can call them; scripts/package-app.ts is the CLI.
 *
 * Packaging is an operator task, not a runtime one: the validator (@microsoft/app-manifest) and
 * jszip are devDependencies and are loaded lazily, so importing this module in production is safe.
 *
 * Placeholders in the template have the form ${{NAME}}. A JSON string that is exactly one
 * placeholder whose value is a list is spread into the surrounding array (validDomains).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_APP_NAME } from '../config.js';

export type PackageEnv = Record<string, string | undefined>;

export class AppPackageError extends Error {
  /** Schema or file problems, one per line, when there is more than the message to show. */
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'AppPackageError';
    this.details = details;
  }
}

export const MANIFEST_SCHEMA_URL = 'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json';
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;
export const ICON_SIZES = { 'color.png': 192, 'outline.png': 32 } as const;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const APP_VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PLACEHOLDER = /\$\{\{([A-Za-z0-9_]+)\}\}/g;

/** The project root: the nearest folder above this module holding manifest/manifest.template.json. */
export function findProjectRoot(start: string = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'manifest', 'manifest.template.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new AppPackageError('Cannot find manifest/manifest.template.json above ' + start);
    dir = parent;
  }
}

export function loadTemplate(root: string = findProjectRoot()): unknown {
  return JSON.parse(readFileSync(path.join(root, 'manifest', 'manifest.template.json'), 'utf8'));
}

function packageVersion(root: string = findProjectRoot()): string {
  return String((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '');
}

export interface RenderOptions {
  /** The parsed template; default: manifest/manifest.template.json. */
  template?: unknown;
  /** APP_VERSION when the environment has none; default: package.json version. */
  defaultVersion?: string;
  /** Receives advice about defaults a council should normally override. */
  onWarning?: (message: string) => void;
}

export interface PackageSettings {
  values: Record<string, string | string[]>;
  /** Optional template sections to drop because their variable is not set. */
  omit: string[];
  warnings: string[];
}

function read(env: PackageEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function requireGuid(env: PackageEnv, name: string, what: string): string {
  const value = read(env, name);
  if (!value) throw new AppPackageError(`${name} is not set: set it to ${what} (a GUID).`);
  if (!GUID.test(value)) throw new AppPackageError(`${name}=${JSON.stringify(value)} is not a GUID: set it to ${what}.`);
  return value.toLowerCase();
}

function optionalGuid(env: PackageEnv, name: string, what: string): string | undefined {
  return read(env, name) === undefined ? undefined : requireGuid(env, name, what);
}

/** "https://Bot.Example.gov.uk/api/messages" → "bot.example.gov.uk". */
function hostName(name: string, raw: string, allowWildcard: boolean): string {
  const host = raw.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const bare = allowWildcard ? host.replace(/^\*\./, '') : host;
  if (!HOST_NAME.test(bare)) {
    throw new AppPackageError(`${name}=${JSON.stringify(raw)} is not a host name: use the bot's public host, e.g. councilbot.example.gov.uk.`);
  }
  return host;
}

function httpsUrl(name: string, value: string): string {
  if (!/^https:\/\/[^\s/]+/i.test(value)) throw new AppPackageError(`${name}=${JSON.stringify(value)} must be an https:// URL.`);
  return value;
}

function maxLength(name: string, value: string, max: number): string {
  if (value.length > max) throw new AppPackageError(`${name}=${JSON.stringify(value)} is too long: Teams allows at most ${max} characters.`);
  return value;
}

/** Reads and checks every packaging variable; throws AppPackageError naming the first bad one. */
export function resolvePackageSettings(env: PackageEnv, defaultVersion?: string): PackageSettings {
  const warnings: string[] = [];
  const omit: string[] = [];
  const botId = requireGuid(env, 'MicrosoftAppId', "the bot's Microsoft App ID from the Azure Bot registration");
  const teamsAppId = optionalGuid(env, 'TEAMS_APP_ID', 'a fixed GUID for the Teams app') ?? botId;
  const aadAppId = optionalGuid(env, 'AAD_APP_CLIENT_ID', 'the Entra app (client) ID for webApplicationInfo');
  if (!aadAppId) omit.push('webApplicationInfo');

  const botDomainRaw = read(env, 'BOT_DOMAIN');
  const validDomainRaw = read(env, 'VALID_DOMAIN');
  if (!botDomainRaw && !validDomainRaw) {
    throw new AppPackageError("BOT_DOMAIN is not set: set it (or VALID_DOMAIN) to the bot's public host name, e.g. councilbot.example.gov.uk.");
  }
  const domains: string[] = [];
  if (botDomainRaw) domains.push(hostName('BOT_DOMAIN', botDomainRaw, false));
  for (const part of (validDomainRaw ?? '').split(/[,\s]+/).filter(Boolean)) {
    const host = hostName('VALID_DOMAIN', part, true);
    if (!domains.includes(host)) domains.push(host);
  }
  const mainHost = domains.find((d) => !d.startsWith('*.'));
  if (!mainHost) throw new AppPackageError('BOT_DOMAIN is not set: VALID_DOMAIN holds only wildcards, so set BOT_DOMAIN to the bot host.');

  const appName = maxLength('APP_NAME', read(env, 'APP_NAME') ?? DEFAULT_APP_NAME, 30);
  const appNameFull = maxLength('APP_NAME_FULL', read(env, 'APP_NAME_FULL') ?? appName, 100);

  const version = read(env, 'APP_VERSION') ?? defaultVersion ?? '';
  if (!APP_VERSION.test(version)) {
    throw new AppPackageError(
      `APP_VERSION=${JSON.stringify(version)} is not a version like 1.2.3: Teams needs three numbers, and each upload must be higher than the last.`,
    );
  }

  const developerName = maxLength('DEVELOPER_NAME', read(env, 'DEVELOPER_NAME') ?? appName, 32);
  if (!read(env, 'DEVELOPER_NAME')) warnings.push(`DEVELOPER_NAME is not set: using "${developerName}"; set it to your council's name.`);
  const website = httpsUrl('DEVELOPER_WEBSITE_URL', read(env, 'DEVELOPER_WEBSITE_URL') ?? `https://${mainHost}/`);
  const privacy = httpsUrl('DEVELOPER_PRIVACY_URL', read(env, 'DEVELOPER_PRIVACY_URL') ?? website);
  const terms = httpsUrl('DEVELOPER_TERMS_URL', read(env, 'DEVELOPER_TERMS_URL') ?? website);
  if (!read(env, 'DEVELOPER_PRIVACY_URL')) warnings.push(`DEVELOPER_PRIVACY_URL is not set: using ${privacy}; set it to your council's privacy notice.`);
  if (!read(env, 'DEVELOPER_TERMS_URL')) warnings.push(`DEVELOPER_TERMS_URL is not set: using ${terms}; set it to your terms of use page.`);

  return {
    values: {
      BOT_ID: botId,
      TEAMS_APP_ID: teamsAppId,
      AAD_APP_CLIENT_ID: aadAppId ?? '',
      APP_NAME: appName,
      APP_NAME_FULL: appNameFull,
      APP_VERSION: version,
      VALID_DOMAIN: domains,
      BOT_DOMAIN: mainHost,
      DEVELOPER_NAME: developerName,
      DEVELOPER_WEBSITE_URL: website,
      DEVELOPER_PRIVACY_URL: privacy,
      DEVELOPER_TERMS_URL: terms,
    },
    omit,
    warnings,
  };
}

function fill(node: unknown, values: PackageSettings['values'], missing: Set<string>): unknown {
  if (typeof node === 'string') {
    return node.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) {
        missing.add(name);
        return whole;
      }
      return Array.isArray(value) ? value.join(',') : value;
    });
  }
  if (Array.isArray(node)) {
    return node.flatMap((item) => {
      const whole = typeof item === 'string' ? /^\$\{\{([A-Za-z0-9_]+)\}\}$/.exec(item) : null;
      const value = whole ? values[whole[1]!] : undefined;
      return Array.isArray(value) ? value : [fill(item, values, missing)];
    });
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value, values, missing)]));
  }
  return node;
}

/** The filled manifest (manifest.json content). Throws AppPackageError on a missing or bad variable. */
export function renderManifest(env: PackageEnv, options: RenderOptions = {}): Record<string, unknown> {
  const settings = resolvePackageSettings(env, options.defaultVersion ?? (read(env, 'APP_VERSION') ? undefined : packageVersion()));
  for (const warning of settings.warnings) options.onWarning?.(warning);
  const template = structuredClone(options.template ?? loadTemplate()) as Record<string, unknown>;
  for (const key of settings.omit) delete template[key];
  const missing = new Set<string>();
  const manifest = fill(template, settings.values, missing) as Record<string, unknown>;
  if (missing.size > 0) {
    throw new AppPackageError(`The manifest template uses unknown placeholders: ${[...missing].map((m) => `\${{${m}}}`).join(', ')}.`);
  }
  return manifest;
}

/** Schema errors against the bundled v1.30 schema (offline); empty when the manifest is valid. */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

/** Width and height from a PNG's IHDR chunk, or undefined if the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export interface BuildOptions extends RenderOptions {
  /** Folder holding color.png and outline.png; default: <project>/manifest. */
  iconDir?: string;
}

/**
 * The zip bytes: manifest.json, color.png and outline.png at the root. Refuses (AppPackageError
 * with `details`) when the manifest fails the schema or an icon is missing or the wrong size.
 */
export async function buildAppPackage(env: PackageEnv, options: BuildOptions = {}): Promise<Buffer> {
  const manifest = renderManifest(env, options);
  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new AppPackageError(`The manifest does not match the Teams v1.30 schema (${errors.length} problems).`, errors);
  }
  const iconDir = options.iconDir ?? path.join(findProjectRoot(), 'manifest');
  const icons: Array<[string, Buffer]> = [];
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const file = path.join(iconDir, name);
    if (!existsSync(file)) throw new AppPackageError(`${file} is missing: run npx tsx scripts/make-icons.ts.`);
    const bytes = readFileSync(file);
    const actual = pngSize(bytes);
    if (!actual || actual.width !== size || actual.height !== size) {
      const found = actual ? `${actual.width}×${actual.height}` : 'not a PNG';
      throw new AppPackageError(`${file} must be a ${size}×${size} PNG (found ${found}).`);
    }
    icons.push([name, bytes]);
  }

  const { default: JSZip } = await import('jszip');
  const zip = new JSZip();
  // A fixed timestamp keeps the package byte-identical for the same inputs.
  const date = new Date('2020-01-01T00:00:00Z');
  zip.file('manifest.json', JSON.stringify(manifest, null, 2) + '\n', { date });
  for (const [name, bytes] of icons) zip.file(name, bytes, { date });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}
