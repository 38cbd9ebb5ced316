import { AppError } from '../core/errors';
import type { DatabaseInspection } from '../store/backup-inspection';

/**
 * Pure: why a backup cannot be restored into this engine, or undefined when it can. Both files must pass
 * SQLite's integrity check; the database must be an engine store whose newest migration this engine also
 * ships (an older one is migrated forward at start; a newer one would be run by code that does not know it);
 * and every secret it stores must decrypt with this engine's key (else its connectors could not sign in).
 */
export function restoreRefusal(input: { database: DatabaseInspection; journal: DatabaseInspection; shippedMigrationAt: number; unreadableSecrets: number }): AppError | undefined {
  for (const [file, inspection] of [['database', input.database], ['journal', input.journal]] as const) {
    if (!inspection.readable) return new AppError('validation', 'STORE_RESTORE_CORRUPT', `The backup's ${file} cannot be opened (${inspection.error})`, { file, error: inspection.error });
    if (!inspection.integrityOk) return new AppError('validation', 'STORE_RESTORE_CORRUPT', `The backup's ${file} fails SQLite's integrity check`, { file });
  }
  const { database } = input;
  if (!database.readable || !database.isStore || database.lastMigrationAt === null) return new AppError('validation', 'STORE_RESTORE_NOT_A_STORE', 'The backup is not an Interop Console store', {});
  if (database.lastMigrationAt > input.shippedMigrationAt) {
    return new AppError('validation', 'STORE_RESTORE_NEWER_SCHEMA', 'The backup was made by a newer version of the engine; update this engine before restoring it', { backupMigrationAt: database.lastMigrationAt, engineMigrationAt: input.shippedMigrationAt });
  }
  if (input.unreadableSecrets > 0) {
    return new AppError('validation', 'STORE_RESTORE_SECRETS_UNREADABLE', `${input.unreadableSecrets} secret(s) in the backup cannot be decrypted with this engine's key (it was made by another installation or before a key change)`, { count: input.unreadableSecrets });
  }
  return undefined;
}
