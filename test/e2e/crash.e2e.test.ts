import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MllpClient } from '../../src-main/mllp/client';
import { freePort } from '../support/free-port';
import { spawnEngine, tempDataDir, type EngineProcess } from '../support/headless-process';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus/hl7v2');
const samples = readdirSync(corpus)
  .filter((f) => f.endsWith('.hl7'))
  .slice(0, 40)
  .map((f) => readFileSync(join(corpus, f), 'utf8'))
  .filter((text) => /^MSH\|\^~\\&\|/.test(text));
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);

interface Summary {
  messageControlId: string | null;
  status: string;
  rawSize: number;
  id: string;
}

async function allMessages(url: string): Promise<Summary[]> {
  const out: Summary[] = [];
  for (let page = 1; ; page++) {
    const body = (await (await fetch(`${url}api/v1/hl7-messages?pageSize=500&page=${page}`)).json()) as { data: Summary[]; total: number };
    out.push(...body.data);
    if (out.length >= body.total || body.data.length === 0) return out;
  }
}

/** Sends until the connection dies; returns the control ids that were ACKed AA. */
async function sendUntilKilled(port: number, prefix: string): Promise<string[]> {
  const acked: string[] = [];
  const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 10_000 });
  for (let i = 0; ; i++) {
    const id = `${prefix}-${i}`;
    try {
      const ack = (await client.send(withControlId(samples[i % samples.length] as string, id))).toString();
      if (/\rMSA\|AA\|/.test(ack)) acked.push(id);
    } catch {
      return acked;
    }
  }
}

describe('crash safety', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it.each([150, 400, 900])('keeps every ACKed message exactly once after SIGKILL at %i ms, and resumes processing on restart', async (killAfterMs) => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let engine: EngineProcess = await spawnEngine([], undefined, dataDir);
    const port = await freePort();
    const created = await (await fetch(`${engine.url}api/v1/connectors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'crash feed', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port }) })).json();
    const activated = await (await fetch(`${engine.url}api/v1/connectors/${created.id}/activate`, { method: 'POST' })).json();
    expect(activated.lastError).toBeNull();

    const senders = ['A', 'B', 'C', 'D'].map((p) => sendUntilKilled(port, `${p}${killAfterMs}`));
    await new Promise((r) => setTimeout(r, killAfterMs));
    engine.child.kill('SIGKILL');
    const acked = (await Promise.all(senders)).flat();
    await engine.stop();
    expect(acked.length).toBeGreaterThan(0);

    engine = await spawnEngine([], undefined, dataDir);
    try {
      const stored = await allMessages(engine.url);
      const counts = new Map<string, number>();
      for (const m of stored) counts.set(m.messageControlId ?? '', (counts.get(m.messageControlId ?? '') ?? 0) + 1);
      const missing = acked.filter((id) => counts.get(id) !== 1);
      expect(missing, 'ACKed control ids not stored exactly once').toEqual([]);
      expect(stored.every((m) => m.rawSize > 0)).toBe(true);

      const sample = stored.find((m) => acked.includes(m.messageControlId ?? ''));
      const detail = await (await fetch(`${engine.url}api/v1/hl7-messages/${sample?.id}`)).json();
      expect(detail.raw).toMatch(/^MSH\|/);
      expect(Buffer.byteLength(detail.raw)).toBe(detail.rawSize);

      const client = await MllpClient.connect({ host: '127.0.0.1', port });
      const ack = (await client.send(withControlId(samples[0] as string, `after-restart-${killAfterMs}`))).toString();
      await client.close();
      expect(ack).toMatch(/\rMSA\|AA\|/);

      // Processing resumes: wait while the backlog shrinks (its size depends on how fast intake was); a stall fails.
      const unsettledNow = async () => (await allMessages(engine.url)).filter((m) => m.status === 'pending' || m.status === 'processing');
      let unsettled = await unsettledNow();
      for (let lastProgress = Date.now(); unsettled.length > 0 && Date.now() - lastProgress < 20_000; ) {
        await new Promise((r) => setTimeout(r, 250));
        const now = await unsettledNow();
        if (now.length < unsettled.length) lastProgress = Date.now();
        unsettled = now;
      }
      expect(unsettled).toEqual([]);
    } finally {
      expect(await engine.stop()).toBe(0);
    }
  }, 240_000);
});
