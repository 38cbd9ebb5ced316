import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeEvent, Hl7MessageDetail } from '../../src-shared';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, errOf, msaOf } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { PROBE_GATE_ENV, THREAD_PROBE_CONVERTER } from '../../test/support/thread-probe-converter';
import { PROCESSING_CRASHED } from './processing-thread';

const oru = (controlId: string) => `MSH|^~\\&|LAB|F|EHR|F|20260101120000||ORU^R01|${controlId}|P|2.5.1\rPID|1||M-${controlId}||Doe^Ada\rOBR|1||ACC-${controlId}|GLU\rOBX|1|NM|GLU||5.4|mmol/L|||||F\r`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('processing on its own thread', () => {
  let engine: TempEngine | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  const start = async (ackMode: 'after-store' | 'after-processing') => {
    engine = await startTempEngine({ converterModule: THREAD_PROBE_CONVERTER });
    const { port } = await activeMllpConnector(engine, { ackMode });
    return { engine, port };
  };
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine!.dispatcher.dispatch(op as never, input, { tenantId: engine!.tenantId, actor: 'test' });
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const message = async (controlId: string): Promise<Hl7MessageDetail> => {
    // By control id in the store: the log's text search indexes a message only once processing ran.
    const id = engine!.store.sqlite.prepare('select id from hl7_messages where message_control_id = ?').pluck().get(controlId) as string;
    return call<Hl7MessageDetail>('hl7Messages.get', { id });
  };
  const until = async (controlId: string, done: (m: Hl7MessageDetail) => boolean): Promise<Hl7MessageDetail> => {
    for (;;) {
      const m = await message(controlId);
      if (done(m)) return m;
      await sleep(25);
    }
  };
  const send = async (port: number, controlIds: readonly string[]): Promise<string[]> => {
    // Each start of the processing thread loads its FHIR definitions: a crash and a restart cost one load each.
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 90_000 });
    try {
      const acks: string[] = [];
      for (const id of controlIds) acks.push((await client.send(oru(id))).toString());
      return acks;
    } finally {
      await client.close();
    }
  };

  it('maps on a thread other than the one that ACKs, and the ACK after processing and the change event still come from it', async () => {
    const { engine, port } = await start('after-processing');
    const [ack] = await send(port, ['T-1']);
    expect(msaOf(ack as string).slice(1, 3)).toEqual(['AA', 'T-1']);
    const first = await message('T-1');
    expect(first.status).toBe('processed');
    const ranOn = first.attempts[0]?.ruleErrors?.[0]?.message;
    expect(ranOn).toMatch(/^thread \d+$/);
    expect(ranOn).not.toBe(`thread ${threadId}`);

    // A reprocess stores nothing at intake: the id-less change event after it is the one processing's batch publishes.
    const events: ChangeEvent[] = [];
    engine.changes.subscribe((event) => events.push(event));
    await call('hl7Messages.reprocess', { id: first.id });
    await until('T-1', (m) => m.attempts.length === 2 && m.attempts[1]?.finishedAt !== null);
    for (let i = 0; i < 100 && !events.some((e) => e.topic === 'hl7Messages' && e.id === undefined); i++) await sleep(20);
    expect(events).toContainEqual({ topic: 'hl7Messages' });
  }, 60_000);

  it('keeps ACKing new messages while the processing thread is busy mapping one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interop-gate-'));
    dirs.push(dir);
    const gate = join(dir, 'open');
    process.env[PROBE_GATE_ENV] = gate;
    const { port } = await start('after-store');
    const busy = await send(port, ['BUSY-1']);
    // Processing has taken BUSY-1 and spins until the gate opens; intake answers every message meanwhile.
    while (!existsSync(`${gate}.taken`)) await sleep(25);
    const acks = await send(port, ['NEXT-1', 'NEXT-2', 'NEXT-3']);
    expect([...busy, ...acks].map((a) => msaOf(a)[1])).toEqual(['AA', 'AA', 'AA', 'AA']);
    expect((await message('BUSY-1')).status).toBe('pending');
    writeFileSync(gate, '');
    for (const id of ['BUSY-1', 'NEXT-1', 'NEXT-2', 'NEXT-3']) expect((await until(id, (m) => m.status !== 'pending')).status).toBe('processed');
  }, 60_000);

  it('survives a message that ends the processing thread: it is dead-lettered after the second crash and the rest is processed', async () => {
    const { port } = await start('after-processing');
    const [crashed] = await send(port, ['CRASH-1']);
    expect(msaOf(crashed as string)[1]).toBe('AE');
    expect(errOf(crashed as string)).toContain(PROCESSING_CRASHED);
    const record = await message('CRASH-1');
    expect(record.status).toBe('dead_lettered');
    expect(record.attempts.map((a) => [a.status, a.errorCode])).toEqual([['failed', PROCESSING_CRASHED]]);
    const after = await send(port, ['AFTER-1', 'AFTER-2']);
    expect(after.map((a) => msaOf(a)[1])).toEqual(['AA', 'AA']);
    expect((await message('AFTER-2')).status).toBe('processed');
  }, 180_000);
});
