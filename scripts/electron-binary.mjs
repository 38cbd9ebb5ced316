import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const electronDir = resolve(import.meta.dirname, '..', 'node_modules', 'electron');

/**
 * The installed Electron executable, or undefined. Reads what electron's install step left behind
 * instead of `require('electron')`, which since Electron 45 tries to download the binary when it is
 * missing — a network call `npm start` and the tests must not make.
 */
export function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative) : join(electronDir, 'dist', relative);
  return existsSync(executable) ? executable : undefined;
}
