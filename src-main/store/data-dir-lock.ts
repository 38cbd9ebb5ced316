import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../core/errors';

export const LOCK_FILE = 'engine.lock';

/** Who holds a data directory: written into the lock file when it is taken. */
export interface LockHolder {
  pid: number;
  startedAt: string;
  host: string;
  /** Tells this holder's lock from a later one, so release never removes another engine's lock. */
  token: string;
}

export interface DataDirLock {
  holder: LockHolder;
  /** Removes the lock file if it is still this engine's; safe to call more than once. */
  release(): void;
}

/** How long a lock file may stay empty (its writer between create and write) before it counts as abandoned. */
const EMPTY_LOCK_GRACE_MS = 2000;
const RETRY_PAUSE_MS = 50;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True unless the OS says no such process exists (EPERM: it exists, owned by another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function readHolder(file: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string' && typeof parsed.token === 'string') return { startedAt: '?', ...parsed } as LockHolder;
  } catch {
    // An empty or half-written file: its writer is between create and write, or died there.
  }
  return 'unreadable';
}

export const dataDirInUse = (dataDir: string, holder: LockHolder): AppError =>
  new AppError(
    'conflict',
    'INTEROP_DATA_DIR_IN_USE',
    `data directory ${dataDir} is in use by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`} (started ${holder.startedAt}); stop that engine first or use another data directory`,
    { dataDir, pid: holder.pid, host: holder.host, startedAt: holder.startedAt },
  );

/**
 * Takes the data directory for this engine, before anything in it is opened or written: creates
 * `engine.lock` exclusively with this process's id, start time and host. A lock left by a process
 * that no longer runs on this host is taken over; any other holder makes this throw
 * INTEROP_DATA_DIR_IN_USE naming it.
 */
export function lockDataDir(dataDir: string, now: Date = new Date()): DataDirLock {
  const file = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, startedAt: now.toISOString(), host: hostname(), token: randomUUID() };
  let unreadableSince: number | undefined;
  for (;;) {
    try {
      writeFileSync(file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readHolder(file);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      unreadableSince ??= Date.now();
      if (Date.now() - unreadableSince < EMPTY_LOCK_GRACE_MS) {
        pause(RETRY_PAUSE_MS);
        continue;
      }
    } else if (current.host !== holder.host || processAlive(current.pid)) {
      throw dataDirInUse(dataDir, current);
    }
    removeIfPresent(file);
  }
  let released = false;
  return {
    holder,
    release() {
      if (released) return;
      released = true;
      const current = readHolder(file);
      if (typeof current === 'object' && current.token === holder.token) removeIfPresent(file);
    },
  };
}
