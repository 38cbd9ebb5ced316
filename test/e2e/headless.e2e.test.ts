import { existsSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToExit, spawnEngine, tempDataDir } from '../support/headless-process';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
};

describe('headless engine process', () => {
  it('prints the Console line with the real port, serves health and the console, and stops cleanly on SIGTERM', async () => {
    const dir = dataDir();
    const engine = await spawnEngine([], 'scripts/serve.mjs', dir);
    expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(engine.url).not.toContain(':0/');
    const health = await fetch(`${engine.url}api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const page = await fetch(engine.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    expect(await engine.stop()).toBe(0);
    const wal = join(dir, 'interop.db-wal');
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it('keeps data across a restart on the same data dir', async () => {
    const dir = dataDir();
    const first = await spawnEngine([], undefined, dir);
    const created = await fetch(`${first.url}api/v1/external-systems`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'EHR', kind: 'ehr' }) });
    expect(created.status).toBe(201);
    await first.stop();
    const second = await spawnEngine([], undefined, dir);
    const listed = await (await fetch(`${second.url}api/v1/external-systems`)).json();
    expect(listed.total).toBe(1);
    expect(await second.stop()).toBe(0);
  });

  it('answers bad arguments with the usage text and exit code 2', async () => {
    const result = await runToExit(['--port', 'eighty']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--port must be a number');
    expect(result.stderr).toContain('Usage: npm run serve');
    const missing = await runToExit(['--data-dir']);
    expect(missing.code).toBe(2);
  });

  it('refuses to bind a non-loopback address without a token', async () => {
    const result = await runToExit(['--host', '0.0.0.0', '--port', '0', '--data-dir', dataDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('access token');
  });

  it('says so and exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as { port: number }).port;
    const result = await runToExit(['--port', String(port), '--data-dir', dataDir()]);
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('npm start falls back to the headless console when Electron has no binary, saying why, where its data is and how to stop', async () => {
    const dir = dataDir();
    const engine = await spawnEngine([], 'scripts/start.mjs', dir);
    expect(engine.stderr()).toContain('Electron is not available');
    expect(engine.url).not.toContain(':7300/');
    expect(engine.stdout()).toContain(`Data directory: ${dir}\n`);
    expect(engine.stdout()).toContain('Press Ctrl+C to stop');
    expect((await fetch(`${engine.url}api/v1/health`)).status).toBe(200);
    expect(await engine.stop()).toBe(0);
  });
});
