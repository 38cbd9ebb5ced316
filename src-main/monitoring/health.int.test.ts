import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { closeListeningServer } from '../../test/support/port-holders';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const json = async (url: string, init?: RequestInit): Promise<Record<string, any>> => (await fetch(url, init)).json() as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
const post = (url: string, body: unknown) => json(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('GET /api/v1/health', () => {
  let engine: TempEngine;
  beforeAll(async () => {
    engine = await startTempEngine();
  });
  afterAll(() => engine.dispose());

  it('says ok with the facts behind it when the store is writable, listeners listen and nothing waits', async () => {
    const port = await freePort();
    const created = await post(`${engine.url}api/v1/connectors`, { name: 'ADT in', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port });
    await post(`${engine.url}api/v1/connectors/${created.id}/activate`, {});

    const response = await fetch(`${engine.url}api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      reasons: [],
      version: expect.any(String),
      store: { writable: true, freeBytes: expect.any(Number) },
      listeners: { expected: 1, up: 1 },
      backlog: { pending: 0, oldestPendingAgeSeconds: null },
    });
  });

  it('says degraded, naming the connector, once an active connector’s listener stops listening', async () => {
    const connector = (await json(`${engine.url}api/v1/connectors?q=ADT%20in`)).data[0];
    await closeListeningServer(connector.runtime.port);
    await expect.poll(async () => (await json(`${engine.url}api/v1/health`)).status).toBe('degraded');
    const health = await json(`${engine.url}api/v1/health`);
    expect(health.listeners).toEqual({ expected: 1, up: 0 });
    expect(health.reasons).toEqual([{ code: 'LISTENER_DOWN', severity: 'degraded', connectorId: connector.id, message: expect.stringMatching(/^connector "ADT in" is active but does not listen: the listener stopped listening unexpectedly/) }]);
  });

  it('says ok again once the connector is deactivated, as no listener is expected of it', async () => {
    const connector = (await json(`${engine.url}api/v1/connectors?q=ADT%20in`)).data[0];
    await post(`${engine.url}api/v1/connectors/${connector.id}/deactivate`, {});
    expect(await json(`${engine.url}api/v1/health`)).toMatchObject({ status: 'ok', listeners: { expected: 0, up: 0 } });
  });

  it('counts the processing backlog and says degraded when the message waiting longest has waited too long', async () => {
    const port = await freePort();
    const created = await post(`${engine.url}api/v1/connectors`, { name: 'Lab in', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port });
    await post(`${engine.url}api/v1/connectors/${created.id}/activate`, {});
    const message = (id: string) => `MSH|^~\\&|LIS|LAB|EHR|MAIN|20260301080000||ORU^R01|${id}|P|2.5.1\rPID|1||123^^^MRN||Doe^Jane\r`;
    await sendOverMllp(port, [message('BL1'), message('BL2')]);
    // Processing starts once the engine's background load of the FHIR definitions ends (a second or two).
    await expect.poll(async () => (await json(`${engine.url}api/v1/health`)).backlog.pending, { timeout: 20_000 }).toBe(0);

    // As if both had waited 20 minutes for a worker that does not come (next_attempt_at keeps the real worker off them).
    const twentyMinutesAgo = Date.now() - 20 * 60_000;
    engine.store.sqlite.prepare(`UPDATE hl7_messages SET status = 'pending', received_at = ?, next_attempt_at = ? WHERE connector_id = ?`).run(twentyMinutesAgo, Date.now() + 3_600_000, created.id);
    engine.store.sqlite.prepare(`UPDATE hl7_processing_attempts SET started_at = ? WHERE message_id IN (SELECT id FROM hl7_messages WHERE connector_id = ?)`).run(twentyMinutesAgo, created.id);
    const health = await json(`${engine.url}api/v1/health`);
    expect(health.backlog).toEqual({ pending: 2, oldestPendingAgeSeconds: expect.any(Number) });
    expect(health.backlog.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(20 * 60);
    expect(health).toMatchObject({ status: 'degraded', reasons: [{ code: 'BACKLOG_OLD', severity: 'degraded' }] });
    engine.store.sqlite.prepare(`UPDATE hl7_messages SET status = 'processed' WHERE connector_id = ?`).run(created.id);
  });
});
