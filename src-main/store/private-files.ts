import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The engine's files hold PHI and keys: folders 0700 and files 0600, whatever they were before (a data dir
 * made by hand, an older version, a restored backup). Mode bits mean nothing on Windows, so nothing is done there.
 */
const enforced = process.platform !== 'win32';

/** Creates the folder if needed and makes it 0700. */
export function privateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (enforced) chmodSync(path, 0o700);
}

/** Makes an existing file 0600; a missing one is left missing. */
export function privateFile(path: string): void {
  if (enforced && existsSync(path)) chmodSync(path, 0o600);
}

/** Makes a folder 0700 and everything below it 0700 (folders) or 0600 (files); creates it when missing. */
export function privateTree(path: string): void {
  privateDir(path);
  if (!enforced) return;
  for (const name of readdirSync(path)) {
    const child = join(path, name);
    const stat = statSync(child, { throwIfNoEntry: false });
    if (stat?.isDirectory()) privateTree(child);
    else if (stat?.isFile()) chmodSync(child, 0o600);
  }
}
