import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.client.js';

const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

// Any constant works; it only has to be the same for every node running migrations.
const MIGRATION_LOCK = 4_242_001;

/**
 * Applies forward-only SQL migrations in file-name order, each once, under a
 * transaction-scoped advisory lock so several nodes starting together do not race.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(migrationsDir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migration (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migration')).rows.map((r) => r.version));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(readFileSync(join(migrationsDir, file), 'utf8'));
      await tx.query('INSERT INTO schema_migration (version) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}
