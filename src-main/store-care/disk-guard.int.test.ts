import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, Health } from '../../src-shared';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, errOf, msaOf } from '../../test/support/mllp-connector';
import { corpusMessage, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const adt = corpusMessage(readdirSync(HL7_CORPUS).find((f) => f.startsWith('msfc_ADT-A01')) as string);
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);
const GB = 1024 * 1024 * 1024;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('the free-disk guard', () => {
  let engine: TempEngine | undefined;
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
  });

  it('answers AR with ERR 207 STORE_DISK_SPACE_LOW and records the refusal while the disk is low, says so in health, and answers AA again once space is back', async () => {
    let free = 10 * GB;
    // The one fake: a disk cannot be filled here, so the probe's free-space source is injected.
    engine = await startTempEngine({ http: undefined, freeDiskBytes: () => free });
    const ctx = { tenantId: engine.tenantId, actor: 'test' };
    const health = async (): Promise<Health> => ((await engine!.dispatcher.dispatch('system.health', {}, ctx)) as { ok: true; value: Health }).value;
    const { connector, port } = await activeMllpConnector(engine);
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    try {
      expect(msaOf(await client.send(withControlId(adt, 'DISK-1')))[1]).toBe('AA');

      free = Math.round(0.3 * GB);
      const low = await until(health, (h) => h.reasons.some((r) => r.code === 'INTAKE_REFUSING_DISK_LOW'));
      expect(low.status).toBe('failing');
      const refused = (await client.send(withControlId(adt, 'DISK-2'))).toString();
      expect(msaOf(refused).slice(1, 3)).toEqual(['AR', 'DISK-2']);
      expect(errOf(refused)).toMatch(/\|207/);
      expect(errOf(refused)).toContain('STORE_DISK_SPACE_LOW');

      // Just above the floor is not enough (hysteresis): still refused.
      free = Math.round(0.52 * 1024 * 1024 * 1024 * (500 / 512));
      await new Promise((done) => setTimeout(done, 1200));
      expect(msaOf(await client.send(withControlId(adt, 'DISK-3')))[1]).toBe('AR');

      free = 10 * GB;
      await until(health, (h) => !h.reasons.some((r) => r.code === 'INTAKE_REFUSING_DISK_LOW'));
      // The sender's resends of what was refused are accepted now: nothing is lost.
      expect(msaOf(await client.send(withControlId(adt, 'DISK-2')))[1]).toBe('AA');
      expect(msaOf(await client.send(withControlId(adt, 'DISK-3')))[1]).toBe('AA');
    } finally {
      await client.close().catch(() => undefined);
    }

    const read = engine.store.sqlite.prepare(`select message_control_id as id, accepted, ack_code as ack, error_code as code from hl7_messages where connector_id = ? order by rowid`);
    const rows = await until(async () => read.all(connector.id), (r) => r.length >= 5);
    expect(rows).toEqual([
      { id: 'DISK-1', accepted: 1, ack: 'AA', code: null },
      { id: 'DISK-2', accepted: 0, ack: 'AR', code: 'STORE_DISK_SPACE_LOW' },
      { id: 'DISK-3', accepted: 0, ack: 'AR', code: 'STORE_DISK_SPACE_LOW' },
      { id: 'DISK-2', accepted: 1, ack: 'AA', code: null },
      { id: 'DISK-3', accepted: 1, ack: 'AA', code: null },
    ]);
  });

  it('raises one disk_space_low alert: a warning under twice the floor, critical while intake refuses, resolved once space is back', async () => {
    let free = 10 * GB;
    engine = await startTempEngine({ http: undefined, freeDiskBytes: () => free });
    const ctx = { tenantId: engine.tenantId, actor: 'test' };
    const alerts = async (): Promise<Alert[]> => ((await engine!.dispatcher.dispatch('alerts.list', { type: 'disk_space_low' }, ctx)) as { ok: true; value: { data: Alert[] } }).value.data;
    expect(await alerts()).toEqual([]);

    free = Math.round(0.8 * GB);
    const warned = await until(alerts, (a) => a.length > 0);
    expect(warned).toMatchObject([{ type: 'disk_space_low', severity: 'warning', status: 'open', connectorId: null }]);
    free = Math.round(0.3 * GB);
    const critical = await until(alerts, (a) => a[0]?.severity === 'critical');
    expect(critical).toMatchObject([{ severity: 'critical', status: 'open', id: warned[0]?.id }]);
    free = 10 * GB;
    const resolved = await until(alerts, (a) => a[0]?.status === 'resolved');
    expect(resolved).toMatchObject([{ status: 'resolved', id: warned[0]?.id }]);
  });
});
