import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

it('has committed migrations that match the drizzle schema', () => {
  // drizzle-kit only takes an --out relative to the working directory (and exits 0 on errors).
  mkdirSync(join(root, 'out'), { recursive: true });
  const out = mkdtempSync(join(root, 'out', 'drift-'));
  try {
    cpSync(join(root, 'db', 'migrations'), out, { recursive: true });
    const before = readdirSync(out).filter((f) => f.endsWith('.sql'));
    const result = spawnSync(process.execPath, [join(root, 'node_modules', 'drizzle-kit', 'bin.cjs'), 'generate', '--dialect', 'sqlite', '--schema', './db/schema/index.ts', '--out', relative(root, out)], { cwd: root, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/error/i);
    const after = readdirSync(out).filter((f) => f.endsWith('.sql'));
    expect(after, 'run `npm run db:generate` and commit the new migration').toEqual(before);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
