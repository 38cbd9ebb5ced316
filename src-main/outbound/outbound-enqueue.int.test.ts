import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, OutboundItem } from '../../src-shared';
import { parse } from '../hl7';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { sendOverMllp } from '../../test/support/mllp-feed';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const oru = (controlId: string) => `MSH|^~\\&|LAB|F|EHR|F|20260101120000||ORU^R01|${controlId}|P|2.5.1\rPID|1||MRN-7||Okafor^Ada\rOBR|1||ACC-1|GLU\rOBX|1|NM|GLU||5.4|mmol/L|||||F\r`;
const adt = (controlId: string) => `MSH|^~\\&|PAS|F|EHR|F|20260101120000||ADT^A08|${controlId}|P|2.5.1\rEVN|A08\rPID|1||MRN-8||Moss^Ana\r`;

describe('processing puts the outbound items of a processed message in the outbox, in the same transaction', () => {
  let engine: TempEngine;
  let inboundPort: number;
  const ctx = () => ({ tenantId: engine.tenantId, actor: 'test' });
  const call = async <T,>(op: string, input: object): Promise<T> => {
    const result = await engine.dispatcher.dispatch(op as never, input, ctx());
    if (!result.ok) throw new Error(`${op}: ${JSON.stringify(result.error)}`);
    return result.value as T;
  };
  const payloadOf = (id: string): string => (engine.store.sqlite.prepare('SELECT payload FROM outbound_items WHERE id = ?').pluck().get(id) as Buffer).toString('utf8');
  const itemsOf = async (destinationConnectorId: string, count: number): Promise<OutboundItem[]> => {
    for (let i = 0; i < 400; i++) {
      const page = await call<{ data: OutboundItem[] }>('outboundItems.list', { destinationConnectorId });
      if (page.data.length >= count) return page.data.sort((a, b) => a.seq - b.seq);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('items were not enqueued');
  };
  let inboundId: string;
  /** An outbound connector left configured (not active), so its items stay in the outbox to be read. */
  const destination = async (name: string) => (await call<Connector>('connectors.create', { name, protocol: 'mllp', direction: 'outbound', host: 'ehr.example', port: 2575 })).id;
  const profileId = async (resourceType: string) => (await call<{ data: { id: string }[] }>('fhirMappingProfiles.list', { resourceType })).data[0]?.id as string;

  beforeAll(async () => {
    engine = await startTempEngine({ converterModule: FAKE_CONVERTER });
    const inbound = await activeMllpConnector(engine);
    inboundPort = inbound.port;
    inboundId = inbound.connector.id;
  }, 60_000);
  afterAll(() => engine.dispose());

  it('snapshots the raw bytes, HL7 made by a FHIR → HL7 profile with its own MSH-10, and only for routes whose filter matches', async () => {
    const raw = await destination('raw copy');
    const profiled = await destination('profiled ADT');
    await call('outboundRoutes.create', { name: 'raw results', sourceConnectorId: inboundId, destinationConnectorId: raw, filter: { messageTypes: ['ORU^R01'] } });
    await call('outboundRoutes.create', { name: 'patient as ADT', sourceConnectorId: inboundId, destinationConnectorId: profiled, payload: { kind: 'hl7-profile', profileId: await profileId('Patient') }, filter: { messageTypes: ['ORU^*'] } });
    await sendOverMllp(inboundPort, [oru('ENQ-1'), adt('ENQ-2')]);
    const [rawItem] = await itemsOf(raw, 1);
    expect(rawItem).toMatchObject({ status: 'pending', payloadKind: 'raw', controlId: 'ENQ-1', laneKey: raw, messageId: expect.stringMatching(/^MSG_/) });
    expect(payloadOf(rawItem?.id as string)).toBe(oru('ENQ-1'));
    const [profiledItem] = await itemsOf(profiled, 1);
    const message = parse(payloadOf(profiledItem?.id as string));
    expect([message.header.messageType.split('^').slice(0, 2).join('^'), message.header.controlId, message.get('PID-5.1')]).toEqual(['ADT^A08', profiledItem?.controlId, 'Okafor']);
    expect(profiledItem?.controlId).not.toBe('ENQ-1');
    await new Promise((r) => setTimeout(r, 300));
    expect((await call<{ total: number }>('outboundItems.list', { destinationConnectorId: raw })).total).toBe(1);
  });

  it('writes a dead item with the reason when the payload cannot be built, never dropping it', async () => {
    const reports = await destination('reports');
    await call('outboundRoutes.create', { name: 'reports as ORU', sourceConnectorId: inboundId, destinationConnectorId: reports, payload: { kind: 'hl7-profile', profileId: await profileId('DiagnosticReport') }, filter: { condition: { path: 'MSH-10', op: 'matches', value: '^DEAD-' } } });
    await sendOverMllp(inboundPort, [oru('DEAD-1'), adt('DEAD-2')]);
    const items = await itemsOf(reports, 2);
    expect(items.map((i) => [i.status, i.lastErrorCode])).toEqual([['dead', 'OUTBOUND_PAYLOAD_FAILED'], ['dead', 'OUTBOUND_PAYLOAD_FAILED']]);
    expect(items[0]?.lastError).toContain('DiagnosticReport');
    expect(items[1]?.lastError).toContain('No mapping profile made a Bundle');
  });
});
