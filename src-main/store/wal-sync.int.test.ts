import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './open-store';
import { createWalSync } from './wal-sync';

describe('WAL group fsync', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('fsyncs the real WAL file of an open store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-wal-'));
    dirs.push(dir);
    const file = join(dir, 'w.db');
    const store = openStore({ file });
    store.sqlite.prepare('insert into tenants (id, name, created_at) values (?, ?, ?)').run('TEN_X', 'x', 1);
    const sync = createWalSync(file);
    await expect(sync.sync()).resolves.toBeUndefined();
    await sync.close();
    store.close();
  });

  it('makes callers that arrive during an fsync share exactly one next fsync', async () => {
    const releases: (() => void)[] = [];
    let flushes = 0;
    const sync = createWalSync('unused', () => {
      flushes++;
      return new Promise<void>((resolve) => releases.push(resolve));
    });
    const first = sync.sync();
    const waiting = [sync.sync(), sync.sync(), sync.sync()];
    expect(flushes).toBe(1);
    releases[0]?.();
    await first;
    await Promise.resolve();
    expect(flushes).toBe(2);
    releases[1]?.();
    await Promise.all(waiting);
    expect(flushes).toBe(2);
  });

  it('passes an fsync failure to every caller waiting on it', async () => {
    const sync = createWalSync('unused', () => Promise.reject(new Error('EIO')));
    await expect(Promise.all([sync.sync(), sync.sync()])).rejects.toThrow('EIO');
  });

  it('opens the WAL again after a failed open instead of failing every later sync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-wal-'));
    dirs.push(dir);
    const file = join(dir, 'late.db');
    // No store yet, so no -wal file: the first open fails (ENOENT), as it would with no descriptors left.
    const sync = createWalSync(file);
    await expect(sync.sync()).rejects.toThrow(/ENOENT/);
    const store = openStore({ file });
    store.sqlite.prepare('insert into tenants (id, name, created_at) values (?, ?, ?)').run('TEN_Y', 'y', 1);
    await expect(sync.sync()).resolves.toBeUndefined();
    await sync.close();
    store.close();
  });

  it('keeps failing after one fsync failed, as a later success would not prove the earlier pages reached disk', async () => {
    let calls = 0;
    const sync = createWalSync('unused', async () => {
      if (++calls === 1) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    await expect(sync.sync()).rejects.toMatchObject({ code: 'STORE_FSYNC_FAILED', details: { errno: 'EIO' } });
    await expect(sync.sync()).rejects.toMatchObject({ code: 'STORE_FSYNC_FAILED' });
    expect(calls).toBe(1);
  });
});
