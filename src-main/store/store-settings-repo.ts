import type Database from 'better-sqlite3';
import { DEFAULT_MIN_FREE_DISK_BYTES } from '../../src-shared';

export interface StoreSettingsRow {
  maxStoreBytes: number | null;
  minFreeDiskBytes: number;
  version: number;
  updatedAt: number;
}

export interface StoreSettingsRepo {
  /** The store-wide settings; the defaults (version 1) until the first update writes the row. */
  get(): StoreSettingsRow;
  /** Compare-and-swap on version; undefined on a miss. */
  update(expectedVersion: number, patch: { maxStoreBytes?: number | null; minFreeDiskBytes?: number }, at: number): StoreSettingsRow | undefined;
}

const ID = 'store';

export function createStoreSettingsRepo(sqlite: Database.Database): StoreSettingsRepo {
  const read = sqlite.prepare(`SELECT max_store_bytes AS maxStoreBytes, min_free_disk_bytes AS minFreeDiskBytes, version, updated_at AS updatedAt FROM store_settings WHERE id = ?`);
  const seed = sqlite.prepare(`INSERT OR IGNORE INTO store_settings (id, max_store_bytes, min_free_disk_bytes, version, updated_at) VALUES (?, NULL, ?, 1, 0)`);
  const write = sqlite.prepare(`UPDATE store_settings SET max_store_bytes = ?, min_free_disk_bytes = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`);
  const get = (): StoreSettingsRow => (read.get(ID) as StoreSettingsRow | undefined) ?? { maxStoreBytes: null, minFreeDiskBytes: DEFAULT_MIN_FREE_DISK_BYTES, version: 1, updatedAt: 0 };
  return {
    get,
    update(expectedVersion, patch, at) {
      return sqlite
        .transaction(() => {
          seed.run(ID, DEFAULT_MIN_FREE_DISK_BYTES);
          const current = get();
          const next = { maxStoreBytes: patch.maxStoreBytes === undefined ? current.maxStoreBytes : patch.maxStoreBytes, minFreeDiskBytes: patch.minFreeDiskBytes ?? current.minFreeDiskBytes };
          if (write.run(next.maxStoreBytes, next.minFreeDiskBytes, at, ID, expectedVersion).changes === 0) return undefined;
          return get();
        })
        .immediate();
    },
  };
}
