/**
 * `npm run bench`: runs every suite in bench/suites/ (or only those named on the command line)
 * and prints its table. Suites report ratios against a baseline measured in the same run,
 * because absolute timings on these shared 2-core machines are noisy.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchSuite {
  name: string;
  run(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(path.join(here, 'suites'))
  .filter((f) => f.endsWith('.ts'))
  .sort();
let failed = false;
for (const file of files) {
  const suite = (await import(pathToFileURL(path.join(here, 'suites', file)).href)).default as BenchSuite;
  if (only.length && !only.some((o) => suite.name.includes(o) || file.includes(o))) continue;
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  try {
    await suite.run();
  } catch (error) {
    failed = true;
    process.stdout.write(`FAILED: ${(error as Error).stack}\n`);
  }
}
process.exit(failed ? 1 : 0);
