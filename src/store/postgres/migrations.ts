/**
 * Schema migrations, written in SQL (src/store/postgres/migrations/NNNN_name.sql) and run by
 * Kysely's Migrator: in order, each once, all pending ones in one transaction, under Kysely's
 * advisory lock so that instances starting together do not both migrate. Run at start-up and by
 * `npm run migrate`.
 *
 * The SQL files sit next to this module. `npm run build` copies them into dist/ beside the compiled
 * module (scripts/copy-build-assets.mjs), so the same lookup works under tsx and from dist/.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^\d{4}_[a-z0-9_-]+\.sql$/;

/** Every `NNNN_name.sql` in a folder, by name; a missing or empty folder is an error, not "nothing to do". */
export class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string = MIGRATIONS_FOLDER) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    let names: string[];
    try {
      names = (await readdir(this.folder)).filter((name) => MIGRATION_FILE.test(name)).sort();
    } catch (error) {
      throw new Error(`cannot read the migrations folder ${this.folder}: ${(error as Error).message} (was the build run with its asset copy?)`);
    }
    if (names.length === 0) throw new Error(`no migrations (NNNN_name.sql) in ${this.folder}`);
    const migrations: Record<string, Migration> = {};
    for (const name of names) {
      const text = await readFile(`${this.folder}/${name}`, 'utf8');
      // No parameters, so pg sends it as one simple query: several statements run in order.
      migrations[name.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    super(`database migration ${migration ?? '(setup)'} failed: ${(cause as Error)?.message ?? String(cause)}. Nothing of it was applied.`);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** Brings the schema up to date; throws MigrationError naming the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>, provider: MigrationProvider = new SqlFileMigrationProvider()): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider });
  const before = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  const outcome: MigrationResultSet = await migrator.migrateToLatest();
  if (outcome.error) {
    const failed = outcome.results?.find((r) => r.status === 'Error')?.migrationName;
    throw new MigrationError(failed, outcome.error);
  }
  return { applied: (outcome.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName), alreadyApplied: before };
}

/** Names of migrations that exist as files but are not applied to this database yet. */
export async function pendingMigrations(db: Kysely<unknown>, provider: MigrationProvider = new SqlFileMigrationProvider()): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
