import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AppPackageError,
  MANIFEST_SCHEMA_URL,
  buildAppPackage,
  findProjectRoot,
  renderManifest,
  validateManifest,
} from '../../src/teams/app-package.js';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/make-icons.js';
import { CHILD_TEST_TIMEOUT, baseEnv, runScript } from '../helpers/child-process.js';

const root = findProjectRoot();
const BOT_ID = '0f4c2b9e-7d1a-4c3e-9b8f-2a6d5e1c7b30';
const ENV = {
  MicrosoftAppId: BOT_ID,
  BOT_DOMAIN: 'councilbot.example.gov.uk',
  DEVELOPER_NAME: 'Example County Council',
  DEVELOPER_WEBSITE_URL: 'https://www.example.gov.uk/',
  DEVELOPER_PRIVACY_URL: 'https://www.example.gov.uk/privacy',
  DEVELOPER_TERMS_URL: 'https://www.example.gov.uk/terms',
};

type CommandList = { scopes: string[]; commands: Array<{ title: string; description?: string }> };
type Bot = { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists: CommandList[] };

const readPng = (name: string) => PNG.sync.read(readFileSync(path.join(root, 'manifest', name)));

describe('Teams app manifest', () => {
  const manifest = renderManifest(ENV);
  const bot = (manifest.bots as Bot[])[0]!;

  it('validates offline against the bundled v1.30 schema with zero errors', async () => {
    expect(manifest.$schema).toBe(MANIFEST_SCHEMA_URL);
    expect(manifest.manifestVersion).toBe('1.30');
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('also validates with every optional variable set', async () => {
    const full = renderManifest({
      ...ENV,
      APP_NAME: 'Staffs Council Actions',
      APP_VERSION: '2.3.4',
      TEAMS_APP_ID: '9b1d7f3e-1111-4222-8333-944455556666',
      AAD_APP_CLIENT_ID: 'c0ffee00-1234-4abc-8def-0123456789ab',
      VALID_DOMAIN: '*.example.gov.uk',
    });
    expect(await validateManifest(full)).toEqual([]);
    expect(full.webApplicationInfo).toEqual({ id: 'c0ffee00-1234-4abc-8def-0123456789ab' });
    expect(full.id).toBe('9b1d7f3e-1111-4222-8333-944455556666');
    expect(full.version).toBe('2.3.4');
    expect(full.validDomains).toEqual(['councilbot.example.gov.uk', '*.example.gov.uk']);
  });

  it('fills the bot id, app id, domains, name and version and leaves no placeholders', () => {
    expect(JSON.stringify(manifest)).not.toContain('${{');
    expect(bot.botId).toBe(BOT_ID);
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['councilbot.example.gov.uk']);
    expect(manifest.name).toEqual({ short: 'Council Actions', full: 'Council Actions' });
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    expect(manifest.version).toBe(pkg.version);
    expect((manifest.developer as Record<string, string>).privacyUrl).toBe('https://www.example.gov.uk/privacy');
  });

  it('omits webApplicationInfo unless AAD_APP_CLIENT_ID is given', () => {
    expect(manifest).not.toHaveProperty('webApplicationInfo');
  });

  it('normalises a URL given as the domain', () => {
    const m = renderManifest({ MicrosoftAppId: BOT_ID, VALID_DOMAIN: 'https://CouncilBot.example.gov.uk/api/messages' });
    expect(m.validDomains).toEqual(['councilbot.example.gov.uk']);
  });

  it('has one bot for personal, team and groupChat that accepts files', () => {
    expect(manifest.bots).toHaveLength(1);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
  });

  it('has one command list per scope, each with at most 12 described commands', () => {
    expect(bot.commandLists.map((list) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot.commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(12);
      const titles = list.commands.map((c) => c.title);
      expect(new Set(titles).size).toBe(titles.length);
      for (const command of list.commands) expect(command.description?.length).toBeGreaterThan(10);
    }
    const titles = (scope: string) => bot.commandLists.find((l) => l.scopes.includes(scope))!.commands.map((c) => c.title);
    expect(titles('personal')).toEqual([
      'help', 'what do I own?', 'status of', 'update', 'what has slipped?', 'awaiting endorsement',
      'due this month', 'next meeting', 'next call-in date', 'call-in ends for', 'history of', 'send my digest on',
    ]);
    const channel = [
      'help', 'status of', 'what has slipped?', 'awaiting endorsement', 'next meeting', 'next call-in date',
      'which items are TBC?', 'quarterly summary', 'who is on the committee?', 'due this month',
    ];
    expect(titles('team')).toEqual(channel);
    expect(titles('groupChat')).toEqual(channel);
  });
});

describe('packaging variables', () => {
  it.each([
    [{}, /^MicrosoftAppId is not set/],
    [{ MicrosoftAppId: 'not-a-guid' }, /^MicrosoftAppId="not-a-guid" is not a GUID/],
    [{ MicrosoftAppId: BOT_ID }, /^BOT_DOMAIN is not set/],
    [{ ...ENV, BOT_DOMAIN: 'council bot' }, /^BOT_DOMAIN="council bot" is not a host name/],
    [{ ...ENV, APP_VERSION: '1.0' }, /^APP_VERSION="1.0" is not a version like 1.2.3/],
    [{ ...ENV, APP_NAME: 'A'.repeat(31) }, /^APP_NAME=.* is too long: Teams allows at most 30/],
    [{ ...ENV, DEVELOPER_PRIVACY_URL: 'http://example.gov.uk/privacy' }, /^DEVELOPER_PRIVACY_URL=.* must be an https/],
    [{ ...ENV, AAD_APP_CLIENT_ID: 'x' }, /^AAD_APP_CLIENT_ID="x" is not a GUID/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => renderManifest(env as Record<string, string>)).toThrow(AppPackageError);
    expect(() => renderManifest(env as Record<string, string>)).toThrow(message);
  });

  it('warns when the council has not set its own developer details', () => {
    const warnings: string[] = [];
    renderManifest({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'councilbot.example.gov.uk' }, { onWarning: (w) => warnings.push(w) });
    expect(warnings.map((w) => w.split(' ')[0])).toEqual(['DEVELOPER_NAME', 'DEVELOPER_PRIVACY_URL', 'DEVELOPER_TERMS_URL']);
  });

  it('refuses a template that breaks the schema, listing the problems', async () => {
    const template = JSON.parse(readFileSync(path.join(root, 'manifest', 'manifest.template.json'), 'utf8'));
    template.accentColor = 'council blue';
    const error = await buildAppPackage(ENV, { template }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppPackageError);
    expect((error as AppPackageError).details.join('\n')).toMatch(/accentColor/);
  });
});

describe('icons', () => {
  it('color.png is 192×192, opaque council blue in the middle, with white glyph pixels', () => {
    const png = readPng('color.png');
    expect([png.width, png.height]).toEqual([192, 192]);
    const at = (x: number, y: number) => Array.from(png.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4));
    expect(at(96, 10)).toEqual([0x1d, 0x4f, 0x91, 255]);
    expect(at(0, 0)[3]).toBe(0); // rounded corner
    let white = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i] === 255 && png.data[i + 1] === 255 && png.data[i + 3] === 255) white++;
    expect(white).toBeGreaterThan(1000);
  });

  it('outline.png is 32×32 and has only white or fully transparent pixels', () => {
    const png = readPng('outline.png');
    expect([png.width, png.height]).toEqual([32, 32]);
    let visible = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = png.data.subarray(i, i + 4);
      if (a === 0) continue;
      visible++;
      expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(visible).toBeGreaterThan(100);
    expect(visible).toBeLessThan(32 * 32);
  });

  it('the committed PNGs match what scripts/make-icons.ts draws', () => {
    expect(readPng('color.png').data.equals(drawColorIcon().data)).toBe(true);
    expect(readPng('outline.png').data.equals(drawOutlineIcon().data)).toBe(true);
  });
});

describe('appPackage.zip', () => {
  it('contains exactly manifest.json, color.png and outline.png at the root', async () => {
    const zip = await JSZip.loadAsync(await buildAppPackage(ENV));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(await validateManifest(manifest)).toEqual([]);
    const color = await zip.file('color.png')!.async('nodebuffer');
    expect(color.equals(readFileSync(path.join(root, 'manifest', 'color.png')))).toBe(true);
  });
});

describe('npm run package (scripts/package-app.ts)', { timeout: CHILD_TEST_TIMEOUT }, () => {
  // baseEnv: only the variables under test; the developer's own environment must not leak in.
  const dir = mkdtempSync(path.join(tmpdir(), 'app-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the zip to --out', async () => {
    const out = path.join(dir, 'nested', 'appPackage.zip');
    const result = await runScript('scripts/package-app.ts', ['--no-env-file', '--out', out], { env: baseEnv(ENV) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Wrote ${out}`);
    expect(existsSync(out)).toBe(true);
  });

  it('fails with one line naming MicrosoftAppId when it is missing, and writes nothing', async () => {
    const out = path.join(dir, 'missing.zip');
    const error = await runScript('scripts/package-app.ts', ['--no-env-file', '--out', out], { env: baseEnv({ BOT_DOMAIN: 'councilbot.example.gov.uk' }) });
    expect(error.code).toBe(1);
    const lines = error.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MicrosoftAppId is not set/);
    expect(existsSync(out)).toBe(false);
  });
});
