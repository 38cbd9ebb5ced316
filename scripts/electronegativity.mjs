import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { judge, parseReport, unparsedRequired } from './electronegativity-findings.mjs';

/**
 * Runs Electronegativity (Doyensec's Electron checker) over the built app in out/ (main, preload and
 * renderer) and fails on any high-severity finding. Needs `npm run build` first, not the Electron
 * binary, and no network (the Electron version is read from node_modules, not looked up).
 * Usage: node scripts/electronegativity.mjs [built-app-dir]
 */
const root = resolve(import.meta.dirname, '..');
const input = resolve(process.argv[2] ?? join(root, 'out'));
const required = ['main', 'preload'].map((dir) => join(input, dir) + sep);
for (const dir of [...required, join(input, 'renderer')]) {
  if (!existsSync(dir)) {
    console.error(`electronegativity: ${dir} is missing; run npm run build first`);
    process.exit(2);
  }
}

const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
try {
  const report = join(work, 'report.csv');
  const cli = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const run = spawnSync(process.execPath, [cli, '-i', input, '-e', electronVersion, '-o', report, '-v', 'false', '-r'], { cwd: work, encoding: 'utf8', timeout: 300_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0 || !existsSync(report)) {
    console.error(`electronegativity: the scan did not complete (exit ${run.status})\n${output}`);
    process.exit(2);
  }
  const unparsed = unparsedRequired(output, required);
  if (unparsed.length > 0) {
    console.error(`electronegativity: could not parse ${unparsed.join(', ')}; its checks did not run`);
    process.exit(1);
  }
  const { failing, noted } = judge(parseReport(readFileSync(report, 'utf8')));
  const line = (f) => `  ${f.severity.padEnd(13)} ${f.check} ${f.file}:${f.location} (${f.confidence}) ${f.description}`;
  if (noted.length > 0) console.log(`electronegativity: ${noted.length} finding(s) below high severity or excluded with a reason:\n${noted.map(line).join('\n')}`);
  if (failing.length > 0) {
    console.error(`electronegativity: ${failing.length} high-severity finding(s):\n${failing.map(line).join('\n')}`);
    process.exit(1);
  }
  console.log(`electronegativity: no high-severity findings in ${input} (Electron ${electronVersion})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
