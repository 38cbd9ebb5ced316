import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../core/errors';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** An fsync failed: fatal for intake until the engine restarts (see createWalSync). */
export const STORE_FSYNC_FAILED = 'STORE_FSYNC_FAILED';
/** The WAL file could not be opened (e.g. no file descriptors left): this sync failed, the next one tries again. */
export const STORE_WAL_OPEN_FAILED = 'STORE_WAL_OPEN_FAILED';

const errnoOf = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.message : 'unknown');

function walError(code: typeof STORE_FSYNC_FAILED | typeof STORE_WAL_OPEN_FAILED, cause: unknown): AppError {
  const errno = errnoOf(cause);
  const what = code === STORE_FSYNC_FAILED ? 'the write-ahead log could not be flushed to disk' : 'the write-ahead log could not be opened for flushing';
  return new AppError('unavailable', code, `${what} (${errno})`, { errno }, { cause });
}

/**
 * Group fsync of the SQLite write-ahead log, off the event loop. Intake commits at synchronous=NORMAL
 * (which never fsyncs on commit) and then waits here before ACKing a FULL-durability message: the same
 * guarantee as synchronous=FULL — the commit is on disk before anyone is told so — but the fsync runs on
 * libuv's thread pool while the event loop keeps reading frames, and one fsync covers every commit that
 * came before it. Checkpoints stay safe: at NORMAL, SQLite itself syncs the WAL before each checkpoint.
 *
 * A failed fsync is sticky: the kernel may have dropped the dirty pages it could not write, so a later
 * fsync that succeeds proves nothing about them. Every sync after one fails with STORE_FSYNC_FAILED.
 * A failed open is not: nothing was flushed or lost, and the next sync opens the file again.
 */
export function createWalSync(databaseFile: string, flush?: () => Promise<void>): WalSync {
  const walFile = `${databaseFile}-wal`;
  let handle: FileHandle | undefined;
  let fatal: AppError | undefined;
  let running: Promise<void> | undefined;
  let queued: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  const fsyncWal = async (): Promise<void> => {
    try {
      // r+ because Windows cannot flush a file opened read-only.
      handle ??= await open(walFile, 'r+');
    } catch (error) {
      throw walError(STORE_WAL_OPEN_FAILED, error);
    }
    await handle.datasync();
  };
  const flushOnce = async (): Promise<void> => {
    try {
      await (flush ?? fsyncWal)();
    } catch (error) {
      if (error instanceof AppError && error.code === STORE_WAL_OPEN_FAILED) throw error;
      fatal = walError(STORE_FSYNC_FAILED, error);
      throw fatal;
    }
  };

  const start = (): Promise<void> => {
    const run = (fatal ? Promise.reject(fatal) : flushOnce()).finally(() => {
      running = undefined;
      const next = queued;
      queued = undefined;
      if (next) start().then(next.resolve, next.reject);
    });
    running = run;
    return run;
  };

  return {
    sync() {
      if (fatal) return Promise.reject(fatal);
      if (!running) return start();
      // The fsync in flight may have started before the caller's commit: join the one after it.
      if (!queued) {
        let resolve!: () => void;
        let reject!: (e: unknown) => void;
        const promise = new Promise<void>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        queued = { promise, resolve, reject };
      }
      return queued.promise;
    },
    async close() {
      await running?.catch(() => undefined);
      await queued?.promise.catch(() => undefined);
      await handle?.close();
    },
  };
}
