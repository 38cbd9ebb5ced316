import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap, DATABASE_FILE, type Engine } from '../bootstrap';

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every folder and file under `dir` with its mode, relative paths. */
function modesUnder(dir: string): Record<string, string> {
  const modes: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }).map(String)) modes[name] = modeOf(join(dir, name));
  return modes;
}

async function exportAll(engine: Engine): Promise<void> {
  const base = `${engine.url ?? ''}fhir/R4`;
  await fetch(`${base}/Patient`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', name: [{ family: 'Private' }] }) });
  const kickOff = await fetch(`${base}/$export`, { headers: { prefer: 'respond-async' } });
  const status = kickOff.headers.get('content-location') ?? '';
  for (let attempt = 0; attempt < 500 && (await fetch(status)).status !== 200; attempt++) await pause(20);
}

describe.skipIf(process.platform === 'win32')('the data dir is private whatever its history', () => {
  const dirs: string[] = [];
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes a data dir created 0755 with a 0644 database, WAL and export files 0700 / 0600 when the engine opens it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'interop-private-'));
    dirs.push(dataDir);
    chmodSync(dataDir, 0o755);
    const first = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 } });
    await exportAll(first);
    await first.stop();

    // As an older version or a hand-made copy might leave it: everything readable by everyone.
    for (const name of readdirSync(dataDir, { recursive: true }).map(String)) {
      const path = join(dataDir, name);
      chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
    }
    chmodSync(dataDir, 0o755);
    mkdirSync(join(dataDir, 'import-jobs', 'BIM_OLD'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dataDir, 'import-jobs', 'BIM_OLD', 'errors.ndjson'), '{}\n', { mode: 0o644 });
    writeFileSync(join(dataDir, `${DATABASE_FILE}-wal`), '', { flag: 'a', mode: 0o644 });
    chmodSync(join(dataDir, `${DATABASE_FILE}-wal`), 0o644);

    engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 } });
    await exportAll(engine);
    expect(modeOf(dataDir)).toBe('700');
    const modes = modesUnder(dataDir);
    expect(modes[DATABASE_FILE]).toBe('600');
    expect(modes[`${DATABASE_FILE}-wal`]).toBe('600');
    expect(modes[`${DATABASE_FILE}-shm`]).toBe('600');
    expect(Object.keys(modes).filter((name) => name.startsWith('exports') && name.endsWith('.ndjson')).length).toBeGreaterThanOrEqual(2);
    for (const [name, mode] of Object.entries(modes)) {
      const isDir = statSync(join(dataDir, name)).isDirectory();
      expect(mode, name).toBe(isDir ? '700' : '600');
    }
  }, 120_000);
});
