import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundDestination } from '../../src-shared';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { bootstrap, type Engine } from '../bootstrap';

const BEFORE = ['msfc_ORU-R01-01.hl7', 'msfc_LAB-ORU-1.hl7'];
const DURING = ['msfc_LAB-ORU-2.hl7', 'msfc_ORU-R01-RMGEAD.hl7'];

/** The searches that find each entry's resource on a server: its conditional URL, its ifNoneExist, or its id. */
const lookupsOf = (bundle: Bundle): string[] =>
  (bundle.entry ?? []).map((e: BundleEntry) => {
    const { url = '', ifNoneExist } = e.request ?? {};
    if (ifNoneExist) return `${url}?${ifNoneExist}`;
    return url.includes('?') ? url : `${url.split('/')[0]}?_id=${url.split('/')[1]}`;
  });

describe('a route sending mapped FHIR to an outbound FHIR REST connector (a second engine as the peer)', () => {
  let engine: TempEngine | undefined;
  let peer: Engine | undefined;
  afterAll(async () => {
    await engine?.dispose();
    await peer?.stop();
  });

  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await (engine as TempEngine).dispatcher.dispatch(op as never, input, { tenantId: (engine as TempEngine).tenantId, actor: 'test' });
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const waitFor = async (check: () => Promise<boolean>, what: string, state: () => Promise<unknown>) => {
    const until = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error(`timed out: ${what} ${JSON.stringify(await state())}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const itemsOf = (destinationId: string) => (engine as TempEngine).store.sqlite.prepare('SELECT status, payload, last_error_code AS code FROM outbound_items WHERE destination_connector_id = ? ORDER BY seq').all(destinationId) as { status: string; payload: Buffer; code: string | null }[];
  const countOnPeer = async (query: string): Promise<number> => ((await (await fetch(`${(peer as Engine).url}fhir/R4/${query}`)).json()) as Bundle).total ?? -1;

  it('delivers each message’s Bundle, holds them while the peer is down, and after it returns every resource is there once', async () => {
    const peerHome = await startTempEngine();
    peer = peerHome;
    const peerPort = Number(new URL(peerHome.url as string).port);
    engine = await startTempEngine({ outboundRetryPolicy: { baseDelayMs: 50, maxDelayMs: 400 } });
    const { port: inboundPort, connector: inbound } = await activeMllpConnector(engine);
    const destination = await call<Connector>('connectors.create', { name: 'Peer FHIR', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: peerPort, settings: { basePath: '/fhir/R4' } });
    await call('connectors.activate', { id: destination.id });
    await call('outboundRoutes.create', { name: 'Results to peer', sourceConnectorId: inbound.id, destinationConnectorId: destination.id, filter: { messageTypes: ['ORU^R01'] }, payload: { kind: 'fhir-bundle' } });
    const lanes = async () => (await call<{ data: OutboundDestination[] }>('outbound.lanes', { destinationConnectorId: destination.id })).data[0];

    await sendOverMllp(inboundPort, BEFORE.map(corpusMessage));
    await waitFor(async () => itemsOf(destination.id).filter((i) => i.status === 'delivered').length === BEFORE.length, 'the first results delivered', async () => itemsOf(destination.id).map((i) => [i.status, i.code]));
    const firstBundle = JSON.parse((itemsOf(destination.id)[0] as { payload: Buffer }).payload.toString('utf8')) as Bundle;
    expect(firstBundle.entry?.some((e) => e.resource?.resourceType === 'Patient')).toBe(true);
    expect(firstBundle.entry?.some((e) => e.resource?.resourceType === 'Observation')).toBe(true);
    for (const lookup of lookupsOf(firstBundle)) expect(await countOnPeer(lookup), lookup).toBe(1);

    await peerHome.stop();
    await sendOverMllp(inboundPort, DURING.map(corpusMessage));
    await waitFor(async () => (await lanes())?.state === 'offline', 'the peer shows offline', async () => [await lanes(), itemsOf(destination.id).map((i) => [i.status, i.code])]);
    expect(itemsOf(destination.id).filter((i) => i.status === 'failed')).toHaveLength(1);

    peer = await bootstrap({ dataDir: peerHome.dataDir, http: { host: '127.0.0.1', port: peerPort } });
    await waitFor(async () => itemsOf(destination.id).every((i) => i.status === 'delivered'), 'every result delivered', async () => itemsOf(destination.id).map((i) => [i.status, i.code]));
    expect(itemsOf(destination.id)).toHaveLength(BEFORE.length + DURING.length);
    for (const item of itemsOf(destination.id)) {
      const bundle = JSON.parse(item.payload.toString('utf8')) as Bundle;
      for (const lookup of lookupsOf(bundle)) expect(await countOnPeer(lookup), lookup).toBe(1);
    }
    expect((await lanes())?.state).toBe('idle');
  }, 120_000);
});
