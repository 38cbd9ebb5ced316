import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 built for Electron's ABI, placed by `npm run rebuild:electron` in native/electron.
 * Packaged apps get a rebuilt node_modules copy from electron-builder and need no override.
 */
export function electronSqliteBinding(appPath: string): string | undefined {
  const candidate = join(appPath, 'native', 'electron', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
