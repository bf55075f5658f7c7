// Part of `npm run build`: tsc compiles only TypeScript, so the files the compiled code reads
// beside itself are copied into dist/ here. Today: the PostgreSQL store's SQL migrations
// (src/store/postgres/migrations/*.sql -> dist/src/store/postgres/migrations/).
// Plain JavaScript so that it runs with node alone, before anything is compiled.
import { cpSync, readdirSync, statSync } from 'node:fs';

const ASSETS = [{ from: 'src/store/postgres/migrations', to: 'dist/src/store/postgres/migrations', ending: '.sql' }];

for (const { from, to, ending } of ASSETS) {
  cpSync(from, to, { recursive: true, filter: (source) => statSync(source).isDirectory() || source.endsWith(ending) });
  const copied = readdirSync(to).filter((name) => name.endsWith(ending));
  if (copied.length === 0) throw new Error(`copy-build-assets: no ${ending} files copied from ${from}`);
}
