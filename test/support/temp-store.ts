import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src-main/store/open-store';

/** A fresh SQLite store in a temp dir for each test of the calling suite, closed and removed after it. */
export function useTempStore(): () => Store {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'interop-store-'));
    store = openStore({ file: join(dir, 'interop.db') });
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => store;
}
