/**
 * npm run package [-- --out <path>]
 *
 * Fills manifest/manifest.template.json from the environment (and ./.env if present), validates it
 * offline against the Teams v1.30 schema, and writes appPackage.zip for upload in Teams admin centre.
 * Nothing is written when a variable is missing or the manifest is invalid.
 *
 * Variables: MicrosoftAppId (required), BOT_DOMAIN or VALID_DOMAIN (required), APP_NAME,
 * APP_NAME_FULL, APP_VERSION, TEAMS_APP_ID, AAD_APP_CLIENT_ID, DEVELOPER_NAME,
 * DEVELOPER_WEBSITE_URL, DEVELOPER_PRIVACY_URL, DEVELOPER_TERMS_URL. See docs/deploy.md.
 */
import { parseCommandLine } from './cli.js';

const spec = {
  command: 'npm run package',
  usage: `Usage: npm run package [-- --out <path>] [--no-env-file]
Builds the Teams app package (manifest v1.30 validated offline, and the two icons) for upload in Teams admin centre.
  --out          where to write it (default appPackage.zip in the project folder)
  --no-env-file  ignore ./.env: take the variables from the environment only
Variables: MicrosoftAppId and BOT_DOMAIN (or VALID_DOMAIN) are required; see docs/deploy.md for the rest.`,
  options: { out: { type: 'string' }, 'no-env-file': { type: 'boolean' } },
} as const;

const { values } = parseCommandLine(spec);

const { existsSync, mkdirSync, writeFileSync } = await import('node:fs');
const { default: path } = await import('node:path');
const { AppPackageError, buildAppPackage, findProjectRoot } = await import('../src/teams/app-package.js');

async function main(): Promise<void> {
  // Values already in the environment win over .env (process.loadEnvFile does not override).
  if (!values['no-env-file'] && existsSync('.env')) process.loadEnvFile('.env');

  const zip = await buildAppPackage(process.env, { onWarning: (message) => console.warn(`Warning: ${message}`) });
  const out = path.resolve(values.out ?? path.join(findProjectRoot(), 'appPackage.zip'));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Wrote ${out} (${zip.length} bytes). Upload it in Teams admin centre > Teams apps > Manage apps > Upload new app.`);
}

main().catch((error: unknown) => {
  if (error instanceof AppPackageError) {
    console.error(`Cannot build the app package: ${error.message}`);
    for (const detail of error.details) console.error(`  - ${detail}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
