/**
 * The reference servers' store: one SQLite database in a fresh temp dir, WAL, one table of raw frames
 * (bytes, MSH-10, received time) and no index — the least a durable MLLP server can write.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Frame } from './frame-server';

export interface RawStore {
  /** The database file; its write-ahead log is `${file}-wal`. */
  readonly file: string;
  /** Inserts the frames in one transaction. */
  insert(frames: readonly Frame[]): void;
  /** Closes the database and removes the temp dir. */
  close(): void;
}

export function openRawStore(synchronous: 'FULL' | 'NORMAL'): RawStore {
  const dir = mkdtempSync(path.join(tmpdir(), 'interop-bench-ref-'));
  const file = path.join(dir, 'frames.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('CREATE TABLE frames (id INTEGER PRIMARY KEY, control_id TEXT NOT NULL, received_at INTEGER NOT NULL, raw BLOB NOT NULL)');
  const row = db.prepare('INSERT INTO frames (control_id, received_at, raw) VALUES (?, ?, ?)');
  const insert = db.transaction((frames: readonly Frame[]) => {
    for (const { header, payload, receivedAt } of frames) row.run(header.controlId, receivedAt, payload);
  });
  return {
    file,
    insert: (frames) => insert(frames),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
