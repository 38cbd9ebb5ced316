import { copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditActor } from '../audit/audit-log';
import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import type { SecretCipher } from '../secrets/secret-cipher';
import { inspectDatabase, latestShippedMigrationAt } from '../store/backup-inspection';
import { backupDatabase, fsyncFile } from '../store/store-backup';
import { restoreRefusal } from './restore-refusal';
import { backupNameOf, fsyncDir, isBackupName } from './store-backup-run-kind';

/** `<data-dir>/restore/staged/`: a checked copy of the backup and `restore.json`, present only while a restore is due. */
export const RESTORE_DIR = 'restore';
const STAGED = 'staged';
const PARTIAL = '.staged.partial';
const MARKER = 'restore.json';

/** What a staged restore records: which backup, where the replaced store is kept, who asked, and how far applying got. */
export interface RestoreMarker {
  backup: string;
  folder: string;
  /** The name of the backup the replaced store is copied to (`…-before-restore`), in `folder`. */
  beforeRestore: string;
  actor: AuditActor;
  requestedAt: number;
  /** Set once the replaced store's copy is complete, so applying again after a crash does not overwrite it. */
  saved: boolean;
}

export interface StoreRestoreDeps {
  dataDir: string;
  /** The store's files, in the backup's layout: the intake journal, then the main database. */
  files: { journal: string; database: string };
  cipher: SecretCipher;
  migrationsDir: string;
  nativeBinding?: string | undefined;
  clock: Clock;
}

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

async function writeMarker(dir: string, marker: RestoreMarker): Promise<void> {
  const temp = join(dir, `${MARKER}.tmp`);
  await writeFile(temp, JSON.stringify(marker), { mode: 0o600 });
  await fsyncFile(temp);
  await rename(temp, join(dir, MARKER));
  await fsyncDir(dir);
}

/** The restore staged in a data directory, if any. */
export async function stagedRestore(dataDir: string): Promise<RestoreMarker | undefined> {
  const text = await readFile(join(dataDir, RESTORE_DIR, STAGED, MARKER), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as RestoreMarker);
}

/**
 * Copies backup `name` from `folder` into `<data-dir>/restore/.staged.partial`, checks the copy (restore-refusal.ts:
 * integrity, migration level, secrets readable with this engine's key) and, if it passes, renames it to
 * `restore/staged` with its marker: the engine applies it when it next starts (`applyStagedRestore`). A refused
 * backup leaves nothing behind. The running store is not touched.
 */
export async function stageRestore(deps: StoreRestoreDeps, folder: string, name: string, actor: AuditActor): Promise<RestoreMarker> {
  if (!isBackupName(name)) throw new AppError('not_found', 'STORE_BACKUP_NOT_FOUND', `No backup named ${name} in the backup folder`, { name });
  const source = join(folder, name);
  const { journal, database } = deps.files;
  if (!(await exists(join(source, journal))) || !(await exists(join(source, database)))) throw new AppError('not_found', 'STORE_BACKUP_NOT_FOUND', `No backup named ${name} in the backup folder`, { name });
  const root = join(deps.dataDir, RESTORE_DIR);
  if (await exists(join(root, STAGED))) throw new AppError('conflict', 'STORE_RESTORE_IN_PROGRESS', 'A restore is already staged; the engine applies it as it restarts', {});
  const partial = join(root, PARTIAL);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true, mode: 0o700 });
  try {
    for (const file of [journal, database]) {
      await copyFile(join(source, file), join(partial, file));
      await fsyncFile(join(partial, file));
    }
    const inspected = inspectDatabase(join(partial, database), { store: true, nativeBinding: deps.nativeBinding });
    const unreadableSecrets = inspected.readable
      ? inspected.ciphertexts.filter((ciphertext) => {
          try {
            deps.cipher.decrypt(ciphertext);
            return false;
          } catch {
            return true;
          }
        }).length
      : 0;
    const refusal = restoreRefusal({
      database: inspected,
      journal: inspectDatabase(join(partial, journal), { store: false, nativeBinding: deps.nativeBinding }),
      shippedMigrationAt: latestShippedMigrationAt(deps.migrationsDir),
      unreadableSecrets,
    });
    if (refusal) throw refusal;
    const marker: RestoreMarker = { backup: name, folder, beforeRestore: backupNameOf(deps.clock.now(), true), actor, requestedAt: deps.clock.now(), saved: false };
    await writeMarker(partial, marker);
    await rename(partial, join(root, STAGED));
    await fsyncDir(root);
    return marker;
  } catch (error) {
    // Nothing is staged (checked above, and one staging at a time: store-service.ts), so the whole folder goes.
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Applies a staged restore to a data directory whose store is closed (at start, before the store opens):
 * 1. copies the current store, with SQLite's backup API, to `<folder>/<name>-before-restore` (written as
 *    `.partial`, fsynced, renamed), then records that in the marker;
 * 2. puts each staged file in place (copied beside it, fsynced, the old file's -wal and -shm removed, renamed over it);
 * 3. removes `restore/staged`.
 * Each step can run again after a crash: the marker stays until the last one. Returns what was applied, if anything.
 */
export async function applyStagedRestore(deps: Pick<StoreRestoreDeps, 'dataDir' | 'files' | 'nativeBinding'> & { logger: Logger }): Promise<RestoreMarker | undefined> {
  const marker = await stagedRestore(deps.dataDir);
  if (!marker) return undefined;
  const staged = join(deps.dataDir, RESTORE_DIR, STAGED);
  const files = [deps.files.journal, deps.files.database];
  if (!marker.saved) {
    const partial = join(marker.folder, `.${marker.beforeRestore}.partial`);
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true, mode: 0o700 });
    for (const file of files) if (await exists(join(deps.dataDir, file))) await backupDatabase(join(deps.dataDir, file), join(partial, file), deps.nativeBinding);
    await fsyncDir(partial);
    await rename(partial, join(marker.folder, marker.beforeRestore));
    await fsyncDir(marker.folder);
    marker.saved = true;
    await writeMarker(staged, marker);
  }
  await putInPlace(deps.dataDir, staged, files);
  await rm(join(deps.dataDir, RESTORE_DIR), { recursive: true, force: true });
  deps.logger.log('info', 'store restored from a backup', { backup: marker.backup, beforeRestore: marker.beforeRestore });
  return marker;
}

/**
 * After the restored store failed to start: puts back the store it replaced, from the `…-before-restore`
 * copy applying made, so the engine starts as it was before the restore. The backup that was restored
 * stays in its folder as it is; nothing else is removed.
 */
export async function rollBackRestore(deps: Pick<StoreRestoreDeps, 'dataDir' | 'files'> & { logger: Logger }, marker: RestoreMarker): Promise<void> {
  await putInPlace(deps.dataDir, join(marker.folder, marker.beforeRestore), [deps.files.journal, deps.files.database]);
  deps.logger.log('warn', 'restore rolled back: the store it replaced is back in place', { backup: marker.backup, beforeRestore: marker.beforeRestore });
}

/** Each file of `from` replaces its namesake in `dataDir`: copied beside it, fsynced, the old file's -wal and -shm removed, renamed over it. */
async function putInPlace(dataDir: string, from: string, files: readonly string[]): Promise<void> {
  for (const file of files) {
    const incoming = join(dataDir, `.${file}.restoring`);
    await copyFile(join(from, file), incoming);
    await fsyncFile(incoming);
    for (const suffix of ['-wal', '-shm']) await rm(join(dataDir, `${file}${suffix}`), { force: true });
    await rename(incoming, join(dataDir, file));
  }
  await fsyncDir(dataDir);
}
