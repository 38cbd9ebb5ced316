import { rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import type { Health } from '../../src-shared';
import { afterAll, describe, expect, it } from 'vitest';
import { MllpClient } from '../../src-main/mllp/client';
import { launchBrowser, openConsole } from '../support/console-browser';
import { runToExit, spawnEngine, tempDataDir } from '../support/headless-process';
import { activeMllpInbound, corpusMessage } from '../support/mllp-feed';

const SUPERVISED = 'scripts/serve.mjs';
const adt = corpusMessage('msfc_ADT-A01-01.hl7');
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);

const health = async (url: string): Promise<Health> => (await (await fetch(`${url}api/v1/health`)).json()) as Health;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Sends until told to stop, reconnecting while the engine is away; returns the control ids ACKed AA. */
function feed(port: number, prefix: string): { stop(): Promise<string[]>; acked: string[] } {
  const acked: string[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; ) {
      const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 5_000 }).catch(() => undefined);
      if (!client) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      try {
        for (; running; i++) {
          const id = `${prefix}-${i}`;
          const ack = (await client.send(withControlId(adt, id))).toString();
          if (/\rMSA\|AA\|/.test(ack)) acked.push(id);
        }
        await client.close();
      } catch {
        i++;
      }
    }
  })();
  return {
    acked,
    stop: async () => {
      running = false;
      await done;
      return acked;
    },
  };
}

describe('supervised headless engine', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('restarts the engine process killed during ingest: every ACKed message is kept, the console reconnects on the same address and says it was restarted', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const supervisor = await spawnEngine([], SUPERVISED, dataDir);
    const browser = await launchBrowser();
    try {
      const before = await health(supervisor.url);
      expect(before.engineProcess).toMatchObject({ supervised: true, restarts: 0, lastExit: null });
      expect(before.engineProcess.pid).not.toBe(supervisor.child.pid);
      const page = await openConsole(browser, supervisor.url);
      const { port } = await activeMllpInbound(supervisor.url, 'ADT feed');

      const senders = ['A', 'B'].map((prefix) => feed(port, prefix));
      await until('messages to flow', async () => (senders.every((s) => s.acked.length > 5) ? true : undefined));
      process.kill(before.engineProcess.pid, 'SIGKILL');

      const after = await until('the restarted engine', async () => {
        const now = await health(supervisor.url);
        return now.engineProcess.pid !== before.engineProcess.pid ? now : undefined;
      });
      expect(after.engineProcess).toMatchObject({ supervised: true, restarts: 1, lastExit: { signal: 'SIGKILL', exitCode: null } });
      expect(after.reasons.map((r) => r.code)).toContain('ENGINE_RESTARTED');
      const ackedBeforeRestart = senders.map((s) => s.acked.length);
      await until('intake on the same MLLP port after the restart', async () => (senders.every((s, i) => s.acked.length > (ackedBeforeRestart[i] ?? 0) + 5) ? true : undefined));
      const acked = (await Promise.all(senders.map((s) => s.stop()))).flat();

      const stored = new Map<string, number>();
      for (let page = 1; ; page++) {
        const body = (await (await fetch(`${supervisor.url}api/v1/hl7-messages?pageSize=500&page=${page}`)).json()) as { data: { messageControlId: string | null }[]; total: number };
        for (const m of body.data) stored.set(m.messageControlId ?? '', (stored.get(m.messageControlId ?? '') ?? 0) + 1);
        if (body.data.length === 0 || page * 500 >= body.total) break;
      }
      expect(acked.filter((id) => stored.get(id) !== 1), 'ACKed control ids not stored exactly once').toEqual([]);

      // The console page opened before the kill polls the same address and shows the restart.
      await page.getByTestId('engine-status').filter({ hasText: 'was restarted' }).waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('engine-status').textContent()).toContain('killed by SIGKILL');
    } finally {
      await browser.close();
      expect(await supervisor.stop()).toBe(0);
    }
  });

  it('does not restart an engine process that cannot start, and exits with its code and reason', async () => {
    const blocker = createServer();
    await new Promise<void>((listening) => blocker.listen(0, '127.0.0.1', listening));
    const { port } = blocker.address() as AddressInfo;
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    try {
      const result = await runToExit(['--port', String(port), '--data-dir', dataDir], SUPERVISED);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).not.toContain('restarting');
    } finally {
      blocker.close();
    }
  });
});
