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

describe('which tenants are served', () => {
  const app = '11111111-2222-3333-4444-555555555555';
  const tenant = '99999999-8888-4777-8666-555555555555';
  const other = '12345678-aaaa-4bbb-8ccc-1234567890ab';

  it('defaults to the tenant of MicrosoftAppTenantId, and ALLOWED_TENANTS (any case, commas or spaces) replaces it', () => {
    expect(loadConfig({ MicrosoftAppId: app, MicrosoftAppTenantId: tenant.toUpperCase(), MicrosoftAppPassword: 's' }).allowedTenants).toEqual([tenant]);
    expect(loadConfig({ MicrosoftAppId: app, MicrosoftAppTenantId: tenant, MicrosoftAppPassword: 's', ALLOWED_TENANTS: `${other.toUpperCase()}, ${tenant}` }).allowedTenants).toEqual([other, tenant]);
  });

  it('in local mode with neither set, any tenant (the server is on loopback only); ALLOWED_TENANTS still applies if set', () => {
    expect(loadConfig({}).allowedTenants).toBe('any');
    expect(loadConfig({ ALLOWED_TENANTS: other }).allowedTenants).toEqual([other]);
  });

  it('refuses to start with auth on and no tenant to serve (MultiTenant without a tenant id)', () => {
    expect(() => loadConfig({ MicrosoftAppId: app, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 's' })).toThrow(/ALLOWED_TENANTS=\(not set\): is required when MicrosoftAppId is set without MicrosoftAppTenantId/);
    expect(loadConfig({ MicrosoftAppId: app, MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 's', ALLOWED_TENANTS: other }).allowedTenants).toEqual([other]);
  });

  it('names a tenant id that is not a GUID', () => {
    expect(() => loadConfig({ ALLOWED_TENANTS: `${tenant},contoso.onmicrosoft.com` })).toThrow(/ALLOWED_TENANTS=".*contoso.onmicrosoft.com": entry 2: expected a GUID/);
  });
});

describe('CONNECTOR_TIMEOUT_MS', () => {
  it("defaults to 4 s; twice it (a turn's budget) stays under the 15 s Teams waits for a turn", () => {
    expect(loadConfig({}).CONNECTOR_TIMEOUT_MS).toBe(4000);
    expect(() => loadConfig({ CONNECTOR_TIMEOUT_MS: '8000' })).toThrow(/CONNECTOR_TIMEOUT_MS="8000": out of range/);
  });
});
