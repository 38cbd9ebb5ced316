import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../../db/schema';
import { defaultMigrationsDir } from './migrations-dir';

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

export function openStore(options: StoreOptions): Store {
  const sqlite = new Database(options.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
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
