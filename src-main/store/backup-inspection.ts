import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCRYPTED_COLUMNS } from './stored-secrets-repo';

/** What a backup's database file says about itself, read without changing it. */
export type DatabaseInspection =
  | { readable: false; error: string }
  | { readable: true; integrityOk: boolean; isStore: boolean; lastMigrationAt: number | null; ciphertexts: string[] };

/**
 * Opens a database file read-only and reads: `PRAGMA integrity_check`, whether it is an engine store (it
 * has drizzle's migration table), the time of the newest migration applied to it, and every stored ciphertext
 * (the encrypted columns its schema has). A file SQLite cannot open is `readable: false` with its error code.
 */
export function inspectDatabase(file: string, options: { store: boolean; nativeBinding?: string | undefined }): DatabaseInspection {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  } catch (error) {
    return { readable: false, error: codeOf(error) };
  }
  try {
    const integrityOk = db.pragma('integrity_check', { simple: true }) === 'ok';
    if (!options.store) return { readable: true, integrityOk, isStore: false, lastMigrationAt: null, ciphertexts: [] };
    const tables = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
    const isStore = tables.has('__drizzle_migrations');
    const lastMigrationAt = isStore ? ((db.prepare('SELECT MAX(created_at) AS at FROM __drizzle_migrations').get() as { at: number | null }).at ?? null) : null;
    const ciphertexts = ENCRYPTED_COLUMNS.filter(({ table }) => tables.has(table)).flatMap(({ table, column }) =>
      (db.prepare(`SELECT ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`).all() as { value: string }[]).map((r) => r.value),
    );
    return { readable: true, integrityOk, isStore, lastMigrationAt, ciphertexts };
  } catch (error) {
    return { readable: false, error: codeOf(error) };
  } finally {
    db.close();
  }
}

/** The time of the newest migration this engine ships (drizzle compares these to decide what to apply). */
export function latestShippedMigrationAt(migrationsDir: string): number {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  return Math.max(...journal.entries.map((e) => e.when));
}

const codeOf = (error: unknown): string => (error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : error instanceof Error ? error.name : 'unknown');
