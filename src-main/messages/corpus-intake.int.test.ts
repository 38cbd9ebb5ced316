import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Message } from 'node-hl7-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hl7MessageDetail, Hl7MessageSummary } from '../../src-shared';
import { readHeader } from '../hl7';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, msaOf } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const corpusDir = resolve(import.meta.dirname, '../../../shared/corpus/hl7v2');
const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.hl7'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(corpusDir, file), 'utf8') }));

describe('corpus through the listener and the API', () => {
  let engine: TempEngine;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  beforeAll(async () => {
    engine = await startTempEngine({ http: undefined });
  });
  afterAll(() => engine.dispose());

  it('accepts every corpus message with AA and returns it byte for byte from the API', async () => {
    // The corpus repeats (MSH-3, MSH-10) pairs across files; the n-th repeat goes to the n-th connector so none is deduplicated.
    const seen = new Map<string, number>();
    const routed = corpus.map((m) => {
      const h = readHeader(m.text);
      const key = `${h.sendingApplication}|${h.controlId}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      return { ...m, occurrence, controlId: h.controlId, sendingApplication: h.sendingApplication };
    });
    const lanes = Math.max(...seen.values());
    const connectors = [];
    for (let i = 0; i < lanes; i++) connectors.push(await activeMllpConnector(engine));
    const clients = await Promise.all(connectors.map((c) => MllpClient.connect({ host: '127.0.0.1', port: c.port })));

    const answers = await Promise.all(
      clients.map(async (client, lane) => {
        const out: { file: string; msa: string[] }[] = [];
        for (const m of routed.filter((r) => r.occurrence === lane)) out.push({ file: m.file, msa: msaOf(await client.send(m.text)) });
        await client.close();
        return out;
      }),
    );
    // Enhanced-mode senders (MSH-15/16 valued) get the accept ACK, CA; original-mode ones AA.
    const notAccepted = answers.flat().filter((a) => a.msa[1] !== 'AA' && a.msa[1] !== 'CA');
    expect(notAccepted).toEqual([]);

    const stored = await Promise.all(
      connectors.map(async (c) => ((await engine.dispatcher.dispatch('hl7Messages.list', { connectorId: c.connector.id, pageSize: 500 }, ctx())) as { ok: true; value: { data: Hl7MessageSummary[] } }).value.data),
    );
    for (const m of routed) {
      const summary = stored[m.occurrence]?.find((s) => s.messageControlId === m.controlId && s.sendingApplication === m.sendingApplication);
      expect(summary, m.file).toBeDefined();
      const detail = (await engine.dispatcher.dispatch('hl7Messages.get', { id: summary?.id }, ctx())) as { ok: true; value: Hl7MessageDetail };
      expect(detail.value.raw === m.text, m.file).toBe(true);
    }
  });

  it('serves an independent MLLP client (node-hl7-client) on one persistent connection, each ACK for its own message', async () => {
    const { connector, port } = await activeMllpConnector(engine);
    const picks = corpus.filter((m) => /^MSH\|\^~\\&\|/.test(m.text) && /\|(ADT|ORU)\^/.test(m.text.split('\r')[0] as string)).slice(0, 20);
    const acks: string[] = [];
    let acked: (() => void) | undefined;
    const client = new Client({ host: '127.0.0.1' });
    const connection = client.createConnection({ port, maxConnectionAttempts: 3 }, (response) => {
      acks.push(response.getMessage().toString());
      acked?.();
    });
    // node-hl7-client must not be handed the next message before the previous ACK: its queue then spins.
    const sentIds: string[] = [];
    for (const [i, m] of picks.entries()) {
      const id = `PEER-${i}`;
      sentIds.push(id);
      const answered = new Promise<void>((resolve) => (acked = resolve));
      await connection.sendMessage(new Message({ text: m.text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`) }));
      await answered;
    }
    await connection.close();
    expect(acks.map((a) => msaOf(a)[2])).toEqual(sentIds);
    expect(acks.every((a) => ['AA', 'CA'].includes(msaOf(a)[1] as string))).toBe(true);
    const stored = (await engine.dispatcher.dispatch('hl7Messages.list', { connectorId: connector.id, pageSize: 100 }, ctx())) as { ok: true; value: { total: number } };
    expect(stored.value.total).toBe(picks.length);
  });
});
