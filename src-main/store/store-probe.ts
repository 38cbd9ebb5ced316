import { accessSync, constants, statfsSync } from 'node:fs';
import type Database from 'better-sqlite3';

export interface StoreCondition {
  writable: boolean;
  /** Why not, as an error code or short text (no content). */
  error: string | null;
  /** Free space for the data directory's disk, when the OS says. */
  freeBytes: number | null;
}

/** How long the probe waits for SQLite's write lock before calling the store not writable. */
const PROBE_BUSY_TIMEOUT_MS = 250;

export interface StoreProbe {
  /**
   * Checks, cheaply and without writing anything, that the store can take a write: the database file
   * and its directory are writable and SQLite grants the write lock. Also reads the disk's free space.
   */
  check(): StoreCondition;
  /** Free space for the data directory's disk (statfs: microseconds), null when the OS does not say. */
  freeBytes(): number | null;
}

/** Where free space is read from: statfs of the data directory, or (tests) a fake, since a full disk cannot be made here. */
export type FreeBytesSource = (dataDir: string) => number | null;

const statfsFreeBytes: FreeBytesSource = (dataDir) => {
  const stats = statfsSync(dataDir);
  return stats.bavail * stats.bsize;
};

export function createStoreProbe(sqlite: Database.Database, dataDir: string, file: string, source: FreeBytesSource = statfsFreeBytes): StoreProbe {
  function writeLock(): void {
    if (sqlite.inTransaction) return;
    const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma(`busy_timeout = ${PROBE_BUSY_TIMEOUT_MS}`);
    try {
      sqlite.exec('BEGIN IMMEDIATE');
      sqlite.exec('ROLLBACK');
    } finally {
      sqlite.pragma(`busy_timeout = ${busyTimeout}`);
    }
  }

  function freeBytes(): number | null {
    try {
      return source(dataDir);
    } catch {
      return null;
    }
  }

  return {
    freeBytes,
    check(): StoreCondition {
      if (!sqlite.open) return { writable: false, error: 'STORE_CLOSED', freeBytes: freeBytes() };
      if (sqlite.readonly) return { writable: false, error: 'SQLITE_READONLY', freeBytes: freeBytes() };
      try {
        accessSync(file, constants.W_OK);
        accessSync(dataDir, constants.W_OK);
        writeLock();
        return { writable: true, error: null, freeBytes: freeBytes() };
      } catch (error) {
        return { writable: false, error: (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error)), freeBytes: freeBytes() };
      }
    },
  };
}
