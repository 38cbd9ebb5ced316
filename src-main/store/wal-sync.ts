import { open, type FileHandle } from 'node:fs/promises';

export interface WalSync {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Group fsync of the SQLite write-ahead log, off the event loop. Intake commits at synchronous=NORMAL
 * (which never fsyncs on commit) and then waits here before ACKing a FULL-durability message: the same
 * guarantee as synchronous=FULL — the commit is on disk before anyone is told so — but the fsync runs on
 * libuv's thread pool while the event loop keeps reading frames, and one fsync covers every commit that
 * came before it. Checkpoints stay safe: at NORMAL, SQLite itself syncs the WAL before each checkpoint.
 */
export function createWalSync(databaseFile: string, flush?: () => Promise<void>): WalSync {
  const walFile = `${databaseFile}-wal`;
  let handle: Promise<FileHandle> | undefined;
  let running: Promise<void> | undefined;
  let queued: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;

  const fsyncOnce =
    flush ??
    (async (): Promise<void> => {
      // r+ because Windows cannot flush a file opened read-only.
      handle ??= open(walFile, 'r+');
      await (await handle).datasync();
    });

  const start = (): Promise<void> => {
    const run = fsyncOnce().finally(() => {
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
      await running;
      await queued?.promise;
      if (handle) await (await handle).close();
    },
  };
}
