import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrap } from './bootstrap';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-teardown-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as AddressInfo).port;
}

/** Files this process holds open under `dir` (Linux: /proc/self/fd). */
const openFilesUnder = (dir: string): string[] =>
  readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      return target.startsWith(dir) ? [target] : [];
    } catch {
      return [];
    }
  });

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));
const handleCounts = (): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
};
/** Kinds of handle (timers, sockets, file requests) that are more numerous now than in `before`. */
const handlesAdded = (before: Map<string, number>): string[] => [...handleCounts()].filter(([kind, count]) => count > (before.get(kind) ?? 0)).map(([kind]) => kind);

describe.runIf(process.platform === 'linux')('an engine whose start fails after the store opened', () => {
  it('when the HTTP port is taken, closes the store, the WAL and every timer, and releases the data dir so a second start succeeds', async () => {
    const dataDir = tempDir();
    const port = await occupiedPort();
    await settle();
    const before = handleCounts();

    await expect(bootstrap({ dataDir, http: { host: '127.0.0.1', port } })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await settle();

    expect(openFilesUnder(dataDir)).toEqual([]);
    expect(handlesAdded(before)).toEqual([]);
    const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 } });
    await engine.stop();
    expect(openFilesUnder(dataDir)).toEqual([]);
  });

  it('when resuming a connector throws, stops what had started — background work included — and closes the store', async () => {
    const dataDir = tempDir();
    const first = await bootstrap({ dataDir });
    const now = Date.now();
    first.store.sqlite
      .prepare("insert into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values ('CONN_BAD', ?, 'bad settings', 'mllp', 'inbound', 1, 0, 'none', '[]', ?, 'active', 1, ?, ?)")
      .run(first.tenantId, JSON.stringify({ maxFrameBytes: 'enormous' }), now, now);
    await first.stop();
    await settle();
    const before = handleCounts();

    await expect(bootstrap({ dataDir })).rejects.toMatchObject({ name: 'ZodError' });
    await settle();

    expect(openFilesUnder(dataDir)).toEqual([]);
    expect(handlesAdded(before)).toEqual([]);
  });
});
