import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { runToExit, spawnEngine, type EngineProcess } from '../support/headless-process';

async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(new URL(path, baseUrl), { method, ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

describe('a second engine on the same data directory', () => {
  let first: EngineProcess;
  beforeAll(async () => {
    first = await spawnEngine([]);
  });
  afterAll(async () => {
    expect(await first?.stop()).toBe(0);
  });

  it('exits at once, naming the process that holds the directory, and changes nothing of the running engine', async () => {
    const port = await freePort();
    const made = await call(first.url, 'POST', 'api/v1/connectors', { name: 'ADT in', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port });
    await call(first.url, 'POST', `api/v1/connectors/${String(made.id)}/activate`, {});
    const before = await call(first.url, 'GET', `api/v1/connectors/${String(made.id)}`);
    expect(before).toMatchObject({ status: 'active', lastError: null, runtime: { state: 'listening' } });

    // As a second `npm start` would: same data directory, same console port.
    const second = await runToExit(['--port', new URL(first.url).port, '--data-dir', first.dataDir]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(`data directory ${first.dataDir} is in use by process ${first.child.pid} (started `);
    expect(second.stdout).not.toContain('Console:');

    expect(await call(first.url, 'GET', `api/v1/connectors/${String(made.id)}`)).toEqual(before);
    expect((await call(first.url, 'GET', 'api/v1/connectors')).total).toBe(1);
  });

  it('lets the directory go when the engine stops, so the next engine starts on it', async () => {
    expect(await first.stop()).toBe(0);
    expect(existsSync(join(first.dataDir, 'engine.lock'))).toBe(false);
    const next = await spawnEngine([], undefined, first.dataDir);
    expect(await next.stop()).toBe(0);
  });
});
