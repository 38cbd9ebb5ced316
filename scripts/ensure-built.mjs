import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const stamp = join(root, 'out', '.build-stamp');
const sources = ['src-main', 'src-preload', 'src-renderer', 'db', 'package.json', 'electron.vite.config.ts', 'scripts/precompress.ts'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Builds main, preload and renderer with electron-vite and records when. */
export function build() {
  process.stderr.write('Building Interop Console (electron-vite build)…\n');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', process.stderr, process.stderr],
  });
  if (result.status !== 0) {
    process.stderr.write('Build failed; see the output above.\n');
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
}

/** Builds when out/ is missing or older than the sources, so a fresh clone starts with one command. */
export function ensureBuilt() {
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  const changedAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  if (builtAt <= changedAt) build();
}
