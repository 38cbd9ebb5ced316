import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rebuild } from '@electron/rebuild';

/**
 * Builds better-sqlite3 for Electron's ABI into native/electron/ without touching node_modules,
 * so `npm start` (desktop) and `npm test` (Node) each load the build that matches them.
 * Needs the Electron headers, i.e. a machine with internet access.
 */
const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const work = mkdtempSync(join(tmpdir(), 'interop-electron-sqlite-'));
try {
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-sqlite-build', private: true }));
  cpSync(join(root, 'node_modules', 'better-sqlite3'), join(work, 'node_modules', 'better-sqlite3'), { recursive: true });
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  const target = join(root, 'native', 'electron');
  mkdirSync(target, { recursive: true });
  cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(target, 'better_sqlite3.node'));
  process.stdout.write(`better-sqlite3 built for Electron ${electronVersion} in native/electron/\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
