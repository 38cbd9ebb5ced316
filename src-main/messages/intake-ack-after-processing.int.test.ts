import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { NOT_MAPPED } from './mapping-step';
import { MllpClient } from '../mllp/client';
import { msaOf } from '../../test/support/mllp-connector';
import { corpusMessage, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startIntakeHarness, type IntakeHarness, type IntakeHarnessOptions } from '../../test/support/intake-harness';
import { readdirSync } from 'node:fs';

const adt = corpusMessage(readdirSync(HL7_CORPUS).find((f) => f.startsWith('msfc_ADT-A01')) as string);
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** An fsync that takes longer than the worker needs to process a batch: the race that hung senders. */
const slowFlush = () => sleep(2);

describe('ACK after processing', () => {
  const dirs: string[] = [];
  const harnesses: IntakeHarness[] = [];
  afterEach(async () => {
    await Promise.all(harnesses.splice(0).map((h) => h.stop().catch(() => undefined)));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });
  const start = async (options: Omit<IntakeHarnessOptions, 'dataDir'> & { dataDir?: string }) => {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'interop-after-proc-'));
    if (!options.dataDir) dirs.push(dataDir);
    const harness = await startIntakeHarness({ settings: { ackMode: 'after-processing', durability: 'FULL' }, ...options, dataDir });
    harnesses.push(harness);
    return harness;
  };
  const rowOf = (h: IntakeHarness, controlId: string) =>
    h.store.sqlite.prepare('select status, ack_code as ackCode, ack_payload as ackPayload, duplicate_count as duplicates from hl7_messages where message_control_id = ?').all(controlId) as {
      status: string;
      ackCode: string | null;
      ackPayload: string | null;
      duplicates: number;
    }[];

  it('answers every sender even when processing finishes before the fsync, and stores the ACK each was sent', async () => {
    const h = await start({ walFlush: slowFlush });
    const connections = 8;
    const perConnection = 100;
    const sent = await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        const client = await MllpClient.connect({ host: '127.0.0.1', port: h.port, timeoutMs: 5000 });
        const acks: [string, string][] = [];
        for (let i = 0; i < perConnection; i++) {
          const controlId = `AP-${c}-${i}`;
          acks.push([controlId, (await client.send(withControlId(adt, controlId))).toString()]);
        }
        await client.close();
        return acks;
      }),
    );
    const all = sent.flat();
    expect(all).toHaveLength(connections * perConnection);
    for (const [controlId, ack] of all) {
      expect(msaOf(ack).slice(1, 3)).toEqual(['AA', controlId]);
      expect(rowOf(h, controlId)).toEqual([{ status: 'processed', ackCode: 'AA', ackPayload: ack, duplicates: 0 }]);
    }
  }, 60_000);

  it('records no ACK it did not send when stopping while a sender waits, and answers the resend after restart with the real outcome', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'interop-after-proc-'));
    dirs.push(dataDir);
    const unavailable: IntakeHarnessOptions['mapping'] = () => {
      throw new AppError('unavailable', 'MAPPING_UPSTREAM_DOWN', 'terminology server unreachable');
    };
    const policy = { maxAttempts: 50, baseDelayMs: 200, factor: 1, maxDelayMs: 200, jitter: 0 };
    const first = await start({ dataDir, mapping: unavailable, policy, graceMs: 100 });
    const client = await MllpClient.connect({ host: '127.0.0.1', port: first.port, timeoutMs: 5000 });
    const answer = client.send(withControlId(adt, 'STOP-1')).then(
      (ack) => ack.toString(),
      (error: Error) => error.message,
    );
    await sleep(100);
    harnesses.splice(harnesses.indexOf(first), 1);
    await first.stop();
    expect(await answer).toMatch(/closed/);
    await client.close().catch(() => undefined);

    const second = await start({ dataDir, policy });
    await second.filed();
    expect(rowOf(second, 'STOP-1')).toMatchObject([{ ackCode: null, ackPayload: null }]);
    const again = await MllpClient.connect({ host: '127.0.0.1', port: second.port, timeoutMs: 5000 });
    const ack = (await again.send(withControlId(adt, 'STOP-1'))).toString();
    await again.close();
    expect(msaOf(ack).slice(1, 3)).toEqual(['AA', 'STOP-1']);
    await second.filed();
    expect(rowOf(second, 'STOP-1')).toEqual([{ status: 'processed', ackCode: 'AA', ackPayload: ack, duplicates: 1 }]);
  }, 20_000);

  it('makes a resend of a message still being processed wait for the original outcome instead of a fresh AA', async () => {
    let open = false;
    const gated: IntakeHarnessOptions['mapping'] = () => {
      if (!open) throw new AppError('unavailable', 'MAPPING_UPSTREAM_DOWN', 'terminology server unreachable');
      return NOT_MAPPED;
    };
    const h = await start({ mapping: gated, policy: { maxAttempts: 500, baseDelayMs: 20, factor: 1, maxDelayMs: 20, jitter: 0 } });
    const answers: string[] = [];
    const send = async () => {
      const client = await MllpClient.connect({ host: '127.0.0.1', port: h.port, timeoutMs: 5000 });
      const ack = (await client.send(withControlId(adt, 'PENDING-DUP-1'))).toString();
      answers.push(ack);
      await client.close();
      return ack;
    };
    const original = send();
    await sleep(100);
    const resend = send();
    await sleep(200);
    expect(answers).toEqual([]);
    open = true;
    const [a, b] = await Promise.all([original, resend]);
    expect(msaOf(a)[1]).toBe('AA');
    expect(msaOf(b)[1]).toBe('AA');
    await h.filed();
    expect(rowOf(h, 'PENDING-DUP-1')).toEqual([{ status: 'processed', ackCode: 'AA', ackPayload: a, duplicates: 1 }]);
  }, 20_000);
});
