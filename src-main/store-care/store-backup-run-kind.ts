import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { StoreBackupFile } from '../../src-shared';
import { isoTime, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { IntegrationRunKind } from '../jobs/run-kind';
import { spawnThread } from '../messages/spawn-thread';
import type { BackupThreadData, FromBackupThread } from './backup-thread-protocol';

export const STORE_BACKUP_KIND = 'store-backup';
const PREFIX = 'interop-backup-';
const NAME = /^interop-backup-(\d{8}T\d{9}Z)(-before-restore)?$/;
/** The suffix of the copy a restore keeps of the store it replaced (store-restore.ts). */
export const BEFORE_RESTORE_SUFFIX = '-before-restore';
/** Whether a folder name is a backup's (so a caller's name never walks out of the backup folder). */
export const isBackupName = (name: string): boolean => NAME.test(name);
const PARTIAL = /^\.interop-backup-.*\.partial$/;

export const StoreBackupRunConfig = z
  .object({
    /** An absolute folder on the engine's machine (another disk, a mounted share); created if missing. */
    folder: z.string().trim().min(1).max(1024).refine(isAbsolute, 'must be an absolute path'),
    /** How many backups the folder keeps; older ones are removed after each backup. */
    keep: z.number().int('must be a whole number').min(1).max(1000).default(7),
  })
  .strict();
export type StoreBackupRunConfig = z.infer<typeof StoreBackupRunConfig>;

export interface StoreBackupRunDeps {
  dataDir: string;
  /** The files backed up, in order: the intake journal first, then the main database (see backup-thread-main.ts). */
  files: readonly string[];
  nativeBinding?: string | undefined;
  clock: Clock;
}

/** `20261207T031500123Z`: sortable, and a valid file name everywhere. */
const stampOf = (ms: number): string => isoTime(ms).replace(/[-:.]/g, '');
/** A backup's folder name for a time: `interop-backup-<stamp>`, with `-before-restore` for the copy a restore keeps. */
export const backupNameOf = (ms: number, beforeRestore = false): string => `${PREFIX}${stampOf(ms)}${beforeRestore ? BEFORE_RESTORE_SUFFIX : ''}`;
const timeOfStamp = (stamp: string): string => `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;

export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync().catch(() => undefined); // Windows cannot flush a directory; the rename is still atomic.
  } finally {
    await handle.close();
  }
}

/** The backups in a folder, newest first. */
export async function listBackups(folder: string): Promise<StoreBackupFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = await Promise.all(
    names.flatMap((name) => {
      const match = NAME.exec(name);
      const stamp = match?.[1];
      if (!stamp) return [];
      return [
        readdir(join(folder, name))
          .then((files) => Promise.all(files.map((f) => stat(join(folder, name, f)).then((s) => s.size))))
          .then((sizes) => ({ name, createdAt: timeOfStamp(stamp), bytes: sizes.reduce((a, b) => a + b, 0), beforeRestore: match[2] !== undefined })),
      ];
    }),
  );
  return found.sort((a, b) => b.name.localeCompare(a.name));
}

function runThread(data: BackupThreadData, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const thread: Worker = spawnThread('store-backup-thread', 'store-care/backup-thread-main.ts', data);
    const abort = (): void => void thread.terminate();
    signal.addEventListener('abort', abort, { once: true });
    let answer: FromBackupThread | undefined;
    thread.on('message', (message: FromBackupThread) => (answer = message));
    thread.on('error', (error) => (answer = { type: 'failed', error: error.name }));
    thread.on('exit', () => {
      signal.removeEventListener('abort', abort);
      if (answer?.type === 'done') resolve();
      else reject(new AppError('unavailable', 'STORE_BACKUP_FAILED', `The backup could not be written (${signal.aborted ? 'the engine is stopping' : (answer?.error ?? 'the backup thread ended')})`, { error: answer?.type === 'failed' ? answer.error : undefined }));
    });
  });
}

/**
 * `store-backup`: an online backup (SQLite's backup API, on a thread of its own) of the intake journal and
 * the main database into `<folder>/interop-backup-<UTC stamp>/`, written under a hidden `.partial` name,
 * fsynced, then renamed, so a folder either holds a whole backup or none; keeps the newest `keep`.
 * Restore: `store.restore` (store-restore.ts), or copy the backup's files into an empty data directory (README, "Backup and restore").
 */
export function storeBackupRunKind(deps: StoreBackupRunDeps): IntegrationRunKind<StoreBackupRunConfig> {
  return {
    kind: STORE_BACKUP_KIND,
    config: StoreBackupRunConfig,
    async run(ctx) {
      const { folder, keep } = ctx.config;
      await mkdir(folder, { recursive: true, mode: 0o700 });
      for (const name of await readdir(folder)) if (PARTIAL.test(name)) await rm(join(folder, name), { recursive: true, force: true });
      const name = backupNameOf(deps.clock.now());
      const partial = join(folder, `.${name}.partial`);
      await mkdir(partial, { mode: 0o700 });
      try {
        await runThread({ dataDir: deps.dataDir, files: deps.files, destination: partial, nativeBinding: deps.nativeBinding }, ctx.signal);
        await fsyncDir(partial);
        await rename(partial, join(folder, name));
        await fsyncDir(folder);
      } catch (error) {
        await rm(partial, { recursive: true, force: true });
        throw error;
      }
      const backups = await listBackups(folder);
      const made = backups.find((b) => b.name === name);
      ctx.count({ written: 1 });
      ctx.log('info', `Backup ${name} written (${((made?.bytes ?? 0) / (1024 * 1024)).toFixed(1)} MB)`);
      for (const old of backups.slice(keep)) {
        await rm(join(folder, old.name), { recursive: true, force: true });
        ctx.log('info', `Backup ${old.name} removed (keeping ${keep})`);
      }
    },
  };
}
