import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, describeConfig, loadConfig } from '../../src/config.js';
import { projectPath } from '../../src/paths.js';

describe('configuration', () => {
  it('documents every variable in .env.example', () => {
    const example = readFileSync(projectPath('.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
  });

  it('has working defaults: local mode, auth off, demo data on', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3978);
    expect(config.authEnabled).toBe(false);
    expect(config.DEMO_DATA).toBe(true);
    expect(config.DATA_DIR).toBe('./data');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ MicrosoftAppType: 'Sometimes' }, 'MicrosoftAppType="Sometimes": allowed values are SingleTenant, UserAssignedMSI, MultiTenant'],
    [{ FIXED_NOW: 'next tuesday' }, 'FIXED_NOW="next tuesday"'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA="maybe"'],
    [{ ADMIN_EMAILS: 'not-an-email' }, 'ADMIN_EMAILS="not-an-email"'],
    [{ MicrosoftAppId: 'abc' }, 'MicrosoftAppId="abc"'],
  ])('names the bad variable and value: %o', (env, expected) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(expected);
  });

  it('requires the tenant and secret when an app id is set, without echoing the secret', () => {
    const id = '11111111-2222-3333-4444-555555555555';
    expect(() => loadConfig({ MicrosoftAppId: id, MicrosoftAppPassword: 's3cret' })).toThrow('MicrosoftAppTenantId=(not set)');
    expect(() => loadConfig({ MicrosoftAppId: id, MicrosoftAppTenantId: id })).toThrow('MicrosoftAppPassword=(not set)');
    const config = loadConfig({ MicrosoftAppId: id, MicrosoftAppTenantId: id, MicrosoftAppPassword: 's3cret' });
    expect(config.authEnabled).toBe(true);
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cret');
  });
});
