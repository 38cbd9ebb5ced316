import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, lockDataDir } from './data-dir-lock';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The id of a process that has run and exited, so nothing lives under it (for a while). */
const deadPid = (): number => Number(spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim());

describe('the data directory lock', () => {
  it('refuses a second holder, naming the process that holds the directory and when it started', () => {
    const dir = tempDir();
    const first = lockDataDir(dir, new Date('2026-03-01T08:00:00Z'));
    expect(() => lockDataDir(dir)).toThrow(expect.objectContaining({
      code: 'INTEROP_DATA_DIR_IN_USE',
      message: expect.stringContaining(`data directory ${dir} is in use by process ${process.pid} (started 2026-03-01T08:00:00.000Z)`),
    }));
    first.release();
    lockDataDir(dir).release();
  });

  it('takes over a lock left by a process that no longer runs on this host', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: hostname(), token: 'crashed' }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, token: lock.holder.token });
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a lock held from another host, as it cannot tell whether that engine still runs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00.000Z', host: 'other-pc', token: 'remote' }));
    expect(() => lockDataDir(dir)).toThrow(/in use by process \d+ on other-pc/);
  });

  it('never removes a lock that another engine took after this one let go', () => {
    const dir = tempDir();
    const first = lockDataDir(dir);
    first.release();
    const second = lockDataDir(dir);
    first.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).token).toBe(second.holder.token);
    second.release();
  });
});
