import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

/** Every encrypted column of the store: add a new one here and key rotation re-encrypts it too. */
export const ENCRYPTED_COLUMNS = [
  { table: 'interop_connectors', column: 'auth_config_cipher' },
  { table: 'event_subscriptions', column: 'secret_cipher' },
  { table: 'token_signing_keys', column: 'key_cipher' },
] as const;

export interface StoredSecretsRepo {
  /** Rewrites every stored ciphertext through `transform` in the caller's transaction; returns how many. */
  rewriteAll(transform: (ciphertext: string) => string): number;
  /** Every stored ciphertext (for checks). */
  all(): string[];
}

export function createStoredSecretsRepo(sqlite: Database.Database): StoredSecretsRepo {
  const columns = ENCRYPTED_COLUMNS.map(({ table, column }) => ({
    read: sqlite.prepare(`SELECT rowid AS rid, ${column} AS value FROM ${table} WHERE ${column} IS NOT NULL`),
    write: sqlite.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`),
  }));
  return {
    rewriteAll(transform) {
      let n = 0;
      for (const { read, write } of columns) {
        for (const { rid, value } of read.all() as { rid: number; value: string }[]) {
          write.run(transform(value), rid);
          n += 1;
        }
      }
      return n;
    },
    all: () => columns.flatMap(({ read }) => (read.all() as { value: string }[]).map((r) => r.value)),
  };
}

/**
 * Rewrites every stored ciphertext of a store file that no engine has open (the desktop's main process, before
 * it starts its engine process), in one transaction; 0 when the file or its encrypted tables do not exist yet.
 */
export function rewriteSecretsInStoreFile(file: string, nativeBinding: string | undefined, transform: (ciphertext: string) => string): number {
  if (!existsSync(file)) return 0;
  const sqlite = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const tables = new Set(sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    if (!ENCRYPTED_COLUMNS.every(({ table }) => tables.has(table))) return 0;
    const repo = createStoredSecretsRepo(sqlite);
    return sqlite.transaction(() => repo.rewriteAll(transform))();
  } finally {
    sqlite.close();
  }
}
