import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../db/schema';
import { closeSync, openSync, statSync } from 'node:fs';
import { defaultMigrationsDir } from './migrations-dir';
import { privateFile } from './private-files';

export type Db = BetterSQLite3Database<typeof schema>;
export type Durability = 'NORMAL' | 'FULL';

export interface StoreOptions {
  file: string;
  migrationsDir?: string;
  /** Path to an Electron-ABI build of better-sqlite3 on the desktop; Node's build otherwise. */
  nativeBinding?: string;
  durability?: Durability;
  busyTimeoutMs?: number;
}

export interface Store {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export const DEFAULT_TENANT_ID = 'TEN_DEFAULT';

/** The database and its WAL and shared-memory files are 0600, even when they existed with looser modes. */
function privateDatabaseFiles(file: string): void {
  for (const path of [file, `${file}-wal`, `${file}-shm`]) privateFile(path);
}

export function openStore(options: StoreOptions): Store {
  // Created 0600 before SQLite opens it (SQLite gives the -wal and -shm files the database file's mode).
  closeSync(openSync(options.file, 'a', 0o600));
  privateDatabaseFiles(options.file);
  const created = statSync(options.file).size === 0;
  const sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  // Only a new database takes it without a VACUUM that rewrites the whole file: retention then gives the
  // pages it frees back to the disk in small steps (PRAGMA incremental_vacuum). See docs/architecture.md.
  if (created) sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  privateDatabaseFiles(options.file);
  sqlite.pragma(`synchronous = ${options.durability ?? 'FULL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: options.migrationsDir ?? defaultMigrationsDir() });
  sqlite
    .prepare('INSERT OR IGNORE INTO tenants (id, name, created_at) VALUES (?, ?, ?)')
    .run(DEFAULT_TENANT_ID, 'Default clinic', Date.now());
  let closed = false;
  return {
    db,
    sqlite,
    close() {
      if (closed) return;
      closed = true;
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}
