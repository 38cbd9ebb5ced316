import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundDestination } from '../../src-shared';
import { bootstrap, type Engine, type EngineConfig } from '../bootstrap';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { startMllpReceiver, type MllpReceiver } from '../../test/support/mllp-receiver';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';

const TOTAL = 1000;
const PATIENTS = 10;
const controlIdOf = (i: number) => `OUT-${String(i).padStart(4, '0')}`;
const adt = (i: number) => `MSH|^~\\&|PAS|F|EHR|F|20260101120000||ADT^A08|${controlIdOf(i)}|P|2.5.1\rEVN|A08\rPID|1||P${i % PATIENTS}^^^HOSP^MR||Doe^Ann\r`;

describe('store-and-forward through an outage and an engine restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'interop-outage-'));
  const config: EngineConfig = { dataDir, converterModule: FAKE_CONVERTER, outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 400 } };
  let engine: Engine | undefined;
  let peer: MllpReceiver | undefined;
  afterAll(async () => {
    await engine?.stop();
    await peer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await (engine as Engine).dispatcher.dispatch(op as never, input, { tenantId: (engine as Engine).tenantId, actor: 'test' });
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const lanes = async (id: string) => (await call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: id })).data[0] as OutboundDestination;
  const waitFor = async (check: () => Promise<boolean> | boolean, what: string, ms: number, state?: () => Promise<unknown>) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out: ${what} ${JSON.stringify(await state?.())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('delivers all 1,000 items once each, in order per patient lane, after the peer comes back', async () => {
    peer = await startMllpReceiver();
    await peer.stop();
    engine = await bootstrap(config);
    const { port: inboundPort, connector: inbound } = await activeMllpConnector(engine);
    const destination = await call<Connector>('connectors.create', { name: 'EHR', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port });
    await call('connectors.activate', { id: destination.id });
    await call('outboundRoutes.create', { name: 'ADT to EHR', sourceConnectorId: inbound.id, destinationConnectorId: destination.id, filter: { messageTypes: ['ADT^*'] }, laneBy: 'patient' });

    const indexes = Array.from({ length: TOTAL }, (_, i) => i);
    await sendOverMllp(inboundPort, indexes.slice(0, TOTAL / 2).map(adt));
    await waitFor(async () => (await lanes(destination.id)).state === 'offline', 'the destination shows offline', 30_000);
    await engine.stop();

    engine = await bootstrap(config);
    await sendOverMllp(inboundPort, indexes.slice(TOTAL / 2).map(adt));
    await waitFor(async () => (await lanes(destination.id)).depth === TOTAL, 'every message queued for the destination', 40_000);
    expect(peer.received).toEqual([]);

    await peer.start();
    await waitFor(async () => (await lanes(destination.id)).depth === 0, 'the outbox drained', 40_000, async () => ({ lanes: await lanes(destination.id), received: peer?.received.length }));
    const received = peer.received.map((m) => m.controlId);
    expect(received.length).toBe(TOTAL);
    expect(new Set(received).size).toBe(TOTAL);
    for (let patient = 0; patient < PATIENTS; patient++) {
      const lane = received.filter((c) => Number(c.slice(4)) % PATIENTS === patient);
      expect(lane).toEqual(indexes.filter((i) => i % PATIENTS === patient).map(controlIdOf));
    }
    expect((await lanes(destination.id)).state).toBe('idle');
  }, 120_000);
});
