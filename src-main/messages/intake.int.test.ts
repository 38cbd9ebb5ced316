import { readFileSync, readdirSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail, Hl7MessageSummary } from '../../src-shared';
import { MllpClient } from '../mllp/client';
import { MllpDecoder } from '../mllp/decoder';
import { encodeFrame } from '../mllp/encoder';
import { activeMllpConnector, errOf, msaOf } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus/hl7v2');
const adt = readFileSync(join(corpus, readdirSync(corpus).find((f) => f.startsWith('msfc_ADT-A01')) as string), 'utf8');
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);

/** Sends raw bytes and collects `count` ACK frames. */
function rawExchange(port: number, chunks: (Buffer | string)[], count: number, gapMs = 0): Promise<Buffer[]> {
  return new Promise((done, fail) => {
    const socket = connect({ host: '127.0.0.1', port });
    const decoder = new MllpDecoder(1 << 20);
    const acks: Buffer[] = [];
    socket.on('data', (chunk) => {
      for (const e of decoder.push(chunk)) if (e.type === 'frame') acks.push(e.payload);
      if (acks.length >= count) {
        socket.end();
        done(acks);
      }
    });
    socket.on('error', fail);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        socket.write(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
        if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      }
    });
  });
}

describe('MLLP intake', () => {
  let engine: TempEngine;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const list = async (input: Record<string, unknown>) => {
    const r = await engine.dispatcher.dispatch('hl7Messages.list', input, ctx());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as { data: Hl7MessageSummary[]; total: number };
  };
  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
    // Processing starts once its thread has loaded the FHIR definitions; the waits below measure processing, not that load.
    await engine.warm;
  });
  afterAll(() => engine.dispose());

  it('stores the message, answers AA for its control id, then processes it', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const ack = await client.send(withControlId(adt, 'CTRL-AA-1'));
    await client.close();
    expect(msaOf(ack).slice(0, 3)).toEqual(['MSA', 'AA', 'CTRL-AA-1']);
    const stored = await list({ connectorId: connector.id });
    expect(stored.data.map((m) => m.messageControlId)).toEqual(['CTRL-AA-1']);
    const processed = await waitFor(async () => (await list({ connectorId: connector.id, status: 'processed' })).data[0], 'processing');
    expect(processed).toMatchObject({ messageType: 'ADT^A01', ackCode: 'AA', attemptCount: 1 });
    const detail = (await engine.dispatcher.dispatch('hl7Messages.get', { id: processed.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
    expect(detail.value.raw).toBe(withControlId(adt, 'CTRL-AA-1'));
    expect(detail.value.ackPayload).toBe(ack.toString());
    expect(detail.value.attempts).toMatchObject([{ attemptNumber: 1, status: 'succeeded', trigger: 'received' }]);
  });

  it('acknowledges after processing when the connector asks for it, and records that ACK', async () => {
    const { connector, port } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const ack = await client.send(withControlId(adt, 'AFTER-PROC-1'));
    await client.close();
    expect(msaOf(ack).slice(1, 3)).toEqual(['AA', 'AFTER-PROC-1']);
    const [stored] = (await list({ connectorId: connector.id })).data;
    expect(stored).toMatchObject({ status: 'processed', ackCode: 'AA' });
  });

  it('sends no ACK when the connector is set to never acknowledge, and still stores the message', async () => {
    const { connector, port } = await activeMllpConnector(engine, { ackMode: 'never' });
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 300 });
    await expect(client.send(withControlId(adt, 'SILENT-1'))).rejects.toThrow(/no ACK/);
    await client.close();
    const stored = await waitFor(async () => (await list({ connectorId: connector.id })).data[0], 'storage');
    expect(stored).toMatchObject({ messageControlId: 'SILENT-1', ackCode: null });
  });

  it('answers a duplicate AA again, counts it on the original and stores it once', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const first = await client.send(withControlId(adt, 'DUP-1'));
    const second = await client.send(withControlId(adt, 'DUP-1'));
    await client.close();
    expect(msaOf(first)[1]).toBe('AA');
    expect(msaOf(second)[1]).toBe('AA');
    const stored = await list({ connectorId: connector.id });
    expect(stored.total).toBe(1);
    expect(stored.data[0]?.duplicateCount).toBe(1);
  });

  it('stores an unparseable message as failed and answers AR with an ERR segment', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const [ack] = await rawExchange(port, [encodeFrame('PID|1||123\rOBX|1|TX|x\r')], 1);
    expect(msaOf(ack as Buffer)[1]).toBe('AR');
    expect(errOf(ack as Buffer)).toContain('HL7_NO_MSH');
    const stored = await list({ connectorId: connector.id });
    expect(stored.data[0]).toMatchObject({ status: 'failed', accepted: false, errorCode: 'HL7_NO_MSH', ackCode: 'AR' });
  });

  it('serves a stored message with its PHI masked, and refuses to mask one it cannot parse', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    await client.send(withControlId(adt, 'CTRL-MASK-1'));
    await client.close();
    const [ack] = await rawExchange(port, [encodeFrame('PID|1||SECRET-MRN\r')], 1);
    expect(msaOf(ack as Buffer)[1]).toBe('AR');
    const stored = (await list({ connectorId: connector.id })).data;
    const parsed = stored.find((m) => m.messageControlId === 'CTRL-MASK-1') as Hl7MessageSummary;
    const pid = adt.split('\r').find((l) => l.startsWith('PID')) as string;
    const masked = await engine.dispatcher.dispatch('hl7Messages.masked', { id: parsed.id }, ctx());
    expect(masked.ok).toBe(true);
    const text = (masked as { ok: true; value: { text: string } }).value.text;
    expect(text.split('\r')[0]).toBe(withControlId(adt, 'CTRL-MASK-1').split('\r')[0]);
    expect(text).not.toContain(pid.split('|')[5]);
    expect(text).toMatch(/^PID\|1?\|[^|]*\|\*\*\*/m);
    const unparseable = stored.find((m) => m.id !== parsed.id) as Hl7MessageSummary;
    const refused = await engine.dispatcher.dispatch('hl7Messages.masked', { id: unparseable.id }, ctx());
    expect(refused).toMatchObject({ ok: false, status: 409, error: { code: 'INTEROP_MESSAGE_UNPARSEABLE', details: { hl7Error: 'HL7_NO_MSH' } } });
    expect(JSON.stringify(refused)).not.toContain('SECRET-MRN');
  });

  it('rejects a message type the connector does not accept with AR, and records it', async () => {
    const { connector, port } = await activeMllpConnector(engine, {}, { messageTypes: ['ORU^R01'] });
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const ack = await client.send(withControlId(adt, 'WRONG-TYPE'));
    await client.close();
    expect(msaOf(ack)[1]).toBe('AR');
    expect(errOf(ack)).toMatch(/\|200\b|200\^/);
    expect((await list({ connectorId: connector.id })).data[0]).toMatchObject({ status: 'failed', errorCode: 'HL7_HEADER_REJECTED' });
  });

  it('handles frames split across chunks, several per chunk, junk before a frame and a missing CR after FS', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const one = encodeFrame(withControlId(adt, 'EDGE-1'));
    const two = encodeFrame(withControlId(adt, 'EDGE-2'));
    const three = Buffer.concat([Buffer.from([0x0b]), Buffer.from(withControlId(adt, 'EDGE-3')), Buffer.from([0x1c])]);
    const four = encodeFrame(withControlId(adt, 'EDGE-4').replace(/\r/g, '\r\n'));
    const acks = await rawExchange(port, ['noise before any frame', one.subarray(0, 10), one.subarray(10), Buffer.concat([two, three]), four], 4);
    expect(acks.map((a) => msaOf(a).slice(1, 3))).toEqual([
      ['AA', 'EDGE-1'],
      ['AA', 'EDGE-2'],
      ['AA', 'EDGE-3'],
      ['AA', 'EDGE-4'],
    ]);
    expect((await list({ connectorId: connector.id })).total).toBe(4);
  });

  it('answers an oversized frame AR, keeps nothing of it, and keeps the connection usable', async () => {
    const { connector, port } = await activeMllpConnector(engine, { maxFrameBytes: adt.length + 1024 });
    const big = withControlId(adt, 'BIG-1') + `NTE|1||${'x'.repeat(4096)}\r`;
    const acks = await rawExchange(port, [encodeFrame(big), encodeFrame(withControlId(adt, 'SMALL-1'))], 2);
    expect(msaOf(acks[0] as Buffer).slice(1, 3)).toEqual(['AR', 'BIG-1']);
    expect(errOf(acks[0] as Buffer)).toContain('exceeds');
    expect(msaOf(acks[1] as Buffer).slice(1, 3)).toEqual(['AA', 'SMALL-1']);
    expect((await list({ connectorId: connector.id })).data.map((m) => m.messageControlId)).toEqual(['SMALL-1']);
  });

  it('answers binary junk inside a frame with AR and stores it as failed', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const junk = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 251).filter((b) => b !== 0x0b && b !== 0x1c));
    const [ack] = await rawExchange(port, [encodeFrame(junk)], 1);
    expect(msaOf(ack as Buffer)[1]).toBe('AR');
    expect((await list({ connectorId: connector.id })).data[0]).toMatchObject({ status: 'failed', accepted: false });
  });

  it('serves other connections while one sender trickles a frame byte by byte', async () => {
    const { port } = await activeMllpConnector(engine);
    const slowFrame = encodeFrame(withControlId(adt, 'SLOW-1').slice(0, 300));
    const slow = rawExchange(port, [...slowFrame].map((b) => Buffer.from([b])), 1, 5);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const fast = await client.send(withControlId(adt, 'FAST-1'));
    await client.close();
    expect(msaOf(fast)[1]).toBe('AA');
    const [slowAck] = await slow;
    expect(msaOf(slowAck as Buffer)[2]).toBe('SLOW-1');
  });

  it('refuses to activate a connector whose port is taken, leaving it not active, without crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const created = (await engine.dispatcher.dispatch('connectors.create', { name: `blocked ${port}`, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port }, ctx())) as { ok: true; value: { id: string } };
    const activated = await engine.dispatcher.dispatch('connectors.activate', { id: created.value.id }, ctx());
    blocker.close();
    expect(activated).toMatchObject({ ok: false, error: { code: 'INTEROP_PORT_IN_USE', message: expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use by another process`) } });
    expect(await engine.dispatcher.dispatch('connectors.get', { id: created.value.id }, ctx())).toMatchObject({ ok: true, value: { status: 'configured' } });
  });

  it('stops listening on deactivate and keeps the message log', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    await client.send(withControlId(adt, 'KEEP-1'));
    await client.close();
    await engine.dispatcher.dispatch('connectors.deactivate', { id: connector.id }, ctx());
    await expect(MllpClient.connect({ host: '127.0.0.1', port })).rejects.toThrow(/ECONNREFUSED/);
    expect((await list({ connectorId: connector.id })).total).toBe(1);
  });

  it('reprocesses a message as a new attempt without touching the raw payload, once per idempotency key', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    await client.send(withControlId(adt, 'REPRO-1'));
    await client.close();
    const message = await waitFor(async () => (await list({ connectorId: connector.id, status: 'processed' })).data[0], 'processing');
    const key = 'click-0001';
    const first = await engine.dispatcher.dispatch('hl7Messages.reprocess', { id: message.id, idempotencyKey: key }, ctx());
    const again = await engine.dispatcher.dispatch('hl7Messages.reprocess', { id: message.id, idempotencyKey: key }, ctx());
    expect(first).toMatchObject({ ok: true, value: { attempt: { attemptNumber: 2, trigger: 'reprocess', status: 'queued' } } });
    expect(again).toMatchObject({ ok: true, value: { attempt: { attemptNumber: 2 } } });
    const done = await waitFor(async () => {
      const d = (await engine.dispatcher.dispatch('hl7Messages.get', { id: message.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
      return d.value.status === 'processed' && d.value.attempts.length === 2 ? d.value : undefined;
    }, 'reprocessing');
    expect(done.attempts.map((a) => [a.attemptNumber, a.trigger, a.status])).toEqual([
      [1, 'received', 'succeeded'],
      [2, 'reprocess', 'succeeded'],
    ]);
    expect(done.raw).toBe(withControlId(adt, 'REPRO-1'));
  });

  it('finds messages by control id, patient id and patient name through the search box', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    await client.send(withControlId(adt, 'FIND-ME-42'));
    await client.close();
    // Search keys are indexed by processing, moments after the ACK.
    await waitFor(async () => (await list({ connectorId: connector.id, status: 'processed' })).data[0], 'processing');
    const pid3 = adt.split('\r').find((l) => l.startsWith('PID'))?.split('|')[3]?.split('^')[0] as string;
    const family = adt.split('\r').find((l) => l.startsWith('PID'))?.split('|')[5]?.split(/[\^&]/)[0] as string;
    for (const q of ['FIND-ME-42', pid3, family.toLowerCase()]) {
      expect((await list({ connectorId: connector.id, q })).total, q).toBe(1);
    }
    expect((await list({ connectorId: connector.id, q: 'no-such-thing-zz' })).total).toBe(0);
  });

  it('never reprocesses a message refused at intake: alone it is a 409, in bulk it is skipped while its corrected resend is queued', async () => {
    const { connector, port } = await activeMllpConnector(engine, {}, { messageTypes: ['ADT^A01'] });
    const a08 = withControlId(adt, 'REFUSED-1').replace(/ADT\^A01(\^ADT_A01)?/, 'ADT^A08^ADT_A01');
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    expect(msaOf(await client.send(a08))[1]).toBe('AR');
    expect(msaOf(await client.send(withControlId(adt, 'REFUSED-1')))[1]).toBe('AA');
    await client.close();
    await waitFor(async () => (await list({ connectorId: connector.id, status: 'processed' })).data[0], 'processing');
    const refused = (await list({ connectorId: connector.id })).data.find((m) => !m.accepted);
    expect(refused).toMatchObject({ messageControlId: 'REFUSED-1', ackCode: 'AR' });

    const single = await engine.dispatcher.dispatch('hl7Messages.reprocess', { id: refused?.id }, ctx());
    expect(single).toMatchObject({ ok: false, status: 409, error: { code: 'INTEROP_MESSAGE_REFUSED_AT_INTAKE' } });
    const bulk = await engine.dispatcher.dispatch('hl7Messages.reprocessMatching', { connectorId: connector.id, expectedCount: 1 }, ctx());
    expect(bulk).toEqual({ ok: true, value: { queued: 1, skipped: 0 } });
    const after = (await engine.dispatcher.dispatch('hl7Messages.get', { id: refused?.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
    expect(after.value).toMatchObject({ status: 'failed', attempts: [] });
    expect((await list({ connectorId: connector.id, accepted: false })).data.map((m) => m.id)).toEqual([refused?.id]);
  });

  it('stores a reused control id with different content as its own message, flags and counts it, and still drops a true duplicate', async () => {
    // Real messages from one sender (ORDApp) with the same MSH-10 (MSG00019) and MSH-7: an OML^O21 and an ORM^O01.
    const oml = readFileSync(join(corpus, 'msfc_OML-O21-01.hl7'), 'utf8');
    const orm = readFileSync(join(corpus, 'msfc_ORM-O01-02.hl7'), 'utf8');
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port });
    const acks = [await client.send(oml), await client.send(orm), await client.send(orm)];
    await client.close();
    expect(acks.map((a) => msaOf(a).slice(1, 3))).toEqual([
      ['AA', 'MSG00019'],
      ['AA', 'MSG00019'],
      ['AA', 'MSG00019'],
    ]);
    const stored = await list({ connectorId: connector.id });
    expect(stored.data.map((m) => [m.messageType, m.controlIdReused, m.duplicateCount])).toEqual([
      ['ORM^O01', true, 1],
      ['OML^O21', false, 0],
    ]);
    await waitFor(async () => ((await list({ connectorId: connector.id, status: 'processed' })).total === 2 ? true : undefined), 'both processed');
    const detail = (await engine.dispatcher.dispatch('hl7Messages.get', { id: stored.data[0]?.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
    expect(detail.value).toMatchObject({ controlIdReused: true, raw: orm });
    const got = (await engine.dispatcher.dispatch('connectors.get', { id: connector.id }, ctx())) as { ok: true; value: { controlIdReusedCount: number } };
    expect(got.value.controlIdReusedCount).toBe(1);
  });
});
