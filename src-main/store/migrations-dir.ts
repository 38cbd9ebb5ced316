import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * db/migrations sits above this module wherever it runs from (src-main/store in tests,
 * out/main/chunks when bundled, app.asar in a package), so walk up until it is found.
 */
export function defaultMigrationsDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'db', 'migrations');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`db/migrations not found above ${from}`);
  }
}
