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
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppPackageError, buildAppPackage, findProjectRoot } from '../src/teams/app-package.js';

function parseArgs(argv: string[]): { out?: string; envFile: boolean } {
  const result: { out?: string; envFile: boolean } = { envFile: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out') {
      const value = argv[++i];
      if (!value) throw new AppPackageError('--out needs a path, e.g. --out build/appPackage.zip.');
      result.out = value;
    } else if (arg.startsWith('--out=')) {
      result.out = arg.slice('--out='.length);
    } else if (arg === '--no-env-file') {
      result.envFile = false;
    } else {
      throw new AppPackageError(`Unknown option ${arg}: use --out <path> or --no-env-file.`);
    }
  }
  return result;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Values already in the environment win over .env (process.loadEnvFile does not override).
  if (args.envFile && existsSync('.env')) process.loadEnvFile('.env');

  const zip = await buildAppPackage(process.env, { onWarning: (message) => console.warn(`Warning: ${message}`) });
  const out = path.resolve(args.out ?? path.join(findProjectRoot(), 'appPackage.zip'));
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
