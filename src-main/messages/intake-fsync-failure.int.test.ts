import { readdirSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector, Hl7MessageSummary } from '../../src-shared';
import { bootstrap, type Engine } from '../bootstrap';
import type { Logger } from '../core/logger';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, errOf, msaOf } from '../../test/support/mllp-connector';
import { corpusMessage, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine } from '../../test/support/temp-engine';

const adt = corpusMessage(readdirSync(HL7_CORPUS).find((f) => f.startsWith('msfc_ADT-A01')) as string);
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);

describe('intake after a failed fsync', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('refuses the message it could not flush, records that refusal, stops every listener and says why; a resend after restart is answered AA', async () => {
    let failing = false;
    const lines: string[] = [];
    const logger: Logger = { log: (level, message, fields) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
    // The fault-injecting fsync: it fails with EIO from the moment `failing` is set.
    const walFlush = async (): Promise<void> => {
      if (failing) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    };
    const engine = await startTempEngine({ http: undefined, walFlush, logger });
    const dataDir = engine.dataDir;
    cleanup.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let stopped = false;
    cleanup.push(async () => {
      if (!stopped) await engine.stop();
    });
    const ctx = { tenantId: engine.tenantId, actor: 'test' };
    const { connector, port } = await activeMllpConnector(engine);
    const other = await activeMllpConnector(engine);

    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    expect(msaOf(await client.send(withControlId(adt, 'FSYNC-OK-1')))[1]).toBe('AA');
    failing = true;
    const refused = (await client.send(withControlId(adt, 'FSYNC-LOST-1'))).toString();
    await client.close().catch(() => undefined);
    expect(msaOf(refused).slice(1, 3)).toEqual(['AR', 'FSYNC-LOST-1']);
    expect(errOf(refused)).toMatch(/207/);
    expect(errOf(refused)).toContain('STORE_FSYNC_FAILED');

    // Filed from the intake journal with the refusal it was answered (the filing thread may start slowly on a busy machine).
    const row = engine.store.sqlite.prepare("select ack_code as ackCode, ack_payload as ackPayload from hl7_messages where message_control_id = 'FSYNC-LOST-1'");
    await expect.poll(() => row.get(), { timeout: 15_000 }).toEqual({ ackCode: 'AR', ackPayload: refused });

    // Every listener is stopped, not only the one that saw the failure, and the console says why.
    await expect(MllpClient.connect({ host: '127.0.0.1', port })).rejects.toThrow(/ECONNREFUSED/);
    await expect(MllpClient.connect({ host: '127.0.0.1', port: other.port })).rejects.toThrow(/ECONNREFUSED/);
    for (const id of [connector.id, other.connector.id]) {
      const got = (await engine.dispatcher.dispatch('connectors.get', { id }, ctx)) as { ok: true; value: Connector };
      expect(got.value.lastError).toMatch(/Intake stopped: .*flushed to disk \(EIO\)/);
    }
    const errors = engine.store.sqlite.prepare("select code from interface_errors where code = 'STORE_FSYNC_FAILED'").pluck().all();
    expect(errors).toEqual(['STORE_FSYNC_FAILED']);
    expect(lines.some((l) => l.startsWith('error intake halted') && l.includes('"errno":"EIO"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('FSYNC-LOST-1');

    // Activating a connector while halted is refused: no listener starts and the connector does not claim to be active.
    const late = await activeMllpConnector(engine).catch((error: Error) => error.message);
    expect(late).toMatch(/INTEROP_LISTENER_START_FAILED.*Intake stopped/);

    await engine.stop();
    stopped = true;
    const restarted: Engine = await bootstrap({ dataDir });
    cleanup.push(() => restarted.stop());
    const resender = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    const again = (await resender.send(withControlId(adt, 'FSYNC-LOST-1'))).toString();
    await resender.close();
    expect(msaOf(again).slice(1, 3)).toEqual(['AA', 'FSYNC-LOST-1']);
    const listed = (await restarted.dispatcher.dispatch('hl7Messages.list', { connectorId: connector.id }, ctx)) as { ok: true; value: { data: Hl7MessageSummary[] } };
    const lost = listed.value.data.filter((m) => m.messageControlId === 'FSYNC-LOST-1');
    expect(lost).toMatchObject([{ ackCode: 'AA', duplicateCount: 1 }]);
  });
});
