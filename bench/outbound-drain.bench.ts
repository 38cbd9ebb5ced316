/**
 * Outbound drain: how fast the engine empties a backlog to a destination that comes back, next to the
 * same peer driven directly by a bare client in the same run (the ceiling).
 *
 * - MLLP with ACK: N ADT messages go into the engine over MLLP while the peer (test/support/mllp-receiver.ts,
 *   ACKing AA) is down, so N items wait in one FIFO lane; the peer comes up and the lane drains. Ceiling: an
 *   MllpClient sending N messages to that peer one after the other, each after its ACK.
 * - FHIR writes: a routing rule gives Observations to a second engine; N Observations are written through
 *   /fhir/R4 while it is down (queued upstream writes, one lane); it comes back and the lane drains as PUTs
 *   through the fhir-rest sender. Ceiling: fhir-kit-client PUTting N Observations to that engine in turn.
 *
 * The drain rate is taken from the first delivery to the last (delivered_at), so the backoff wait before
 * the peer is noticed is not counted. OUTBOUND_BENCH_SCALE (default 1) scales the item counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'fhir-kit-client';
import { bootstrap, type Engine } from '../src-main/bootstrap';
import { MllpClient } from '../src-main/mllp/client';
import { FAKE_CONVERTER } from '../test/support/fake-converter';
import { activeMllpConnector } from '../test/support/mllp-connector';
import { sendOverMllp } from '../test/support/mllp-feed';
import { startMllpReceiver } from '../test/support/mllp-receiver';

const SCALE = Number(process.env.OUTBOUND_BENCH_SCALE ?? 1);
const MLLP_ITEMS = Math.max(10, Math.round(2_000 * SCALE));
const FHIR_ITEMS = Math.max(10, Math.round(300 * SCALE));
const TIMEOUT_MS = 90_000;
const RETRY = { baseDelayMs: 50, maxDelayMs: 200 };

interface Row {
  destination: string;
  items: number;
  drainPerSecond: number;
  ceilingPerSecond: number;
}

const adt = (i: number): string => `MSH|^~\\&|PAS|F|EHR|F|20260101120000||ADT^A08|BENCH-${i}|P|2.5.1\rEVN|A08\rPID|1||P${i}^^^HOSP^MR||Doe^Ann\r`;
const observation = (i: number) => ({ resourceType: 'Observation', status: 'final', code: { text: 'glucose' }, valueQuantity: { value: i, unit: 'mmol/L' } });

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'interop-bench-outbound-'));
}

async function call<T>(engine: Engine, op: string, input: object): Promise<T> {
  const result = await engine.dispatcher.dispatch(op as never, input, { tenantId: engine.tenantId, actor: 'bench' });
  if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + TIMEOUT_MS;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const count = (engine: Engine, where: string): number => engine.store.sqlite.prepare(`SELECT count(*) FROM outbound_items WHERE ${where}`).pluck().get() as number;

/** Items per second from the first delivery to the last. */
function drainRate(engine: Engine, items: number): number {
  const { first, last } = engine.store.sqlite.prepare("SELECT min(delivered_at) AS first, max(delivered_at) AS last FROM outbound_items WHERE status = 'delivered'").get() as { first: number; last: number };
  return ((items - 1) / Math.max(1, last - first)) * 1000;
}

async function mllpRow(): Promise<Row> {
  const peer = await startMllpReceiver();
  await peer.stop();
  const dataDir = tempDir();
  const engine = await bootstrap({ dataDir, converterModule: FAKE_CONVERTER, outboundRetryPolicy: RETRY });
  try {
    const { port, connector: inbound } = await activeMllpConnector(engine);
    const destination = await call<{ id: string }>(engine, 'connectors.create', { name: 'Peer', protocol: 'mllp', direction: 'outbound', host: '127.0.0.1', port: peer.port });
    await call(engine, 'connectors.activate', { id: destination.id });
    await call(engine, 'outboundRoutes.create', { name: 'ADT to peer', sourceConnectorId: inbound.id, destinationConnectorId: destination.id, filter: {}, payload: { kind: 'raw' } });
    await sendOverMllp(port, Array.from({ length: MLLP_ITEMS }, (_, i) => adt(i)));
    await until(() => count(engine, "status IN ('pending', 'failed', 'in_flight')") === MLLP_ITEMS, 'every message queued');
    await peer.start();
    await until(() => count(engine, "status = 'delivered'") === MLLP_ITEMS, 'every item delivered');
    if (new Set(peer.received.map((m) => m.controlId)).size !== MLLP_ITEMS) throw new Error('the peer did not get every control id');
    const drainPerSecond = drainRate(engine, MLLP_ITEMS);

    const client = await MllpClient.connect({ host: '127.0.0.1', port: peer.port, timeoutMs: 10_000 });
    const started = performance.now();
    for (let i = 0; i < MLLP_ITEMS; i++) await client.send(adt(MLLP_ITEMS + i));
    const ceilingPerSecond = (MLLP_ITEMS / (performance.now() - started)) * 1000;
    await client.close();
    return { destination: 'MLLP with ACK (1 lane)', items: MLLP_ITEMS, drainPerSecond, ceilingPerSecond };
  } finally {
    await engine.stop();
    await peer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function fhirRow(): Promise<Row> {
  const peerDir = tempDir();
  const firstPeer = await bootstrap({ dataDir: peerDir, http: { host: '127.0.0.1', port: 0 } });
  const peerPort = Number(new URL(firstPeer.url as string).port);
  const peerUrl = `http://127.0.0.1:${peerPort}/fhir/R4`;
  await firstPeer.stop();
  const dataDir = tempDir();
  const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 }, outboundRetryPolicy: RETRY });
  let peer: Engine | undefined;
  try {
    await call(engine, 'fhirRoutingRules.create', { resourceType: 'Observation', target: 'upstream', serviceUrl: peerUrl });
    for (let i = 0; i < FHIR_ITEMS; i++) {
      const response = await fetch(`${engine.url}fhir/R4/Observation`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(observation(i)) });
      if (response.status !== 201) throw new Error(`write ${i} answered ${response.status}`);
    }
    peer = await bootstrap({ dataDir: peerDir, http: { host: '127.0.0.1', port: peerPort } });
    await until(() => count(engine, "status = 'delivered'") === FHIR_ITEMS, 'every queued write delivered');
    const drainPerSecond = drainRate(engine, FHIR_ITEMS);

    const client = new Client({ baseUrl: peerUrl });
    const started = performance.now();
    for (let i = 0; i < FHIR_ITEMS; i++) await client.update({ resourceType: 'Observation', id: `ceiling-${i}`, body: { ...observation(i), id: `ceiling-${i}` } });
    const ceilingPerSecond = (FHIR_ITEMS / (performance.now() - started)) * 1000;
    return { destination: 'FHIR REST PUT (1 lane)', items: FHIR_ITEMS, drainPerSecond, ceilingPerSecond };
  } finally {
    await engine.stop();
    await peer?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(peerDir, { recursive: true, force: true });
  }
}

export async function runOutboundDrainBench(): Promise<void> {
  const rows = [await mllpRow(), await fhirRow()];
  console.log('| destination | items | engine drain (items/s) | bare client, same peer (items/s) | drain / ceiling |');
  console.log('|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.destination} | ${r.items} | ${r.drainPerSecond.toFixed(0)} | ${r.ceilingPerSecond.toFixed(0)} | ${(r.drainPerSecond / r.ceilingPerSecond).toFixed(2)} |`);
}
