import Database from 'better-sqlite3';
import { chmod, open } from 'node:fs/promises';

/**
 * One SQLite online backup (the backup API) of `source` into a new file `destination`, made durable.
 * All pages are copied in one step, which is one read transaction: in WAL mode writers go on meanwhile, and
 * a copy in many small steps would start over each time another connection commits (under ingest, always).
 * Run it on a thread of its own: the step is synchronous.
 */
export async function backupDatabase(source: string, destination: string, nativeBinding?: string): Promise<number> {
  const db = new Database(source, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    const result = await db.backup(destination, { progress: () => 0x7fffffff });
    await chmod(destination, 0o600);
    await fsyncFile(destination);
    return result.totalPages;
  } finally {
    db.close();
  }
}

export async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether a database file passes `PRAGMA integrity_check` (opened read-only). */
export function integrityOk(file: string, nativeBinding?: string): boolean {
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    db.close();
  }
}
