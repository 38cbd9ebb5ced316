import type Database from 'better-sqlite3';

/** The SQLite library's version and how far the store is migrated (drizzle's `__drizzle_migrations`). */
export function storeLevel(sqlite: Database.Database): { sqliteVersion: string; migrationsApplied: number; lastMigrationAt: number | null } {
  const { version } = sqlite.prepare('SELECT sqlite_version() AS version').get() as { version: string };
  const { applied, at } = sqlite.prepare('SELECT COUNT(*) AS applied, MAX(created_at) AS at FROM __drizzle_migrations').get() as { applied: number; at: number | null };
  return { sqliteVersion: version, migrationsApplied: applied, lastMigrationAt: at };
}
