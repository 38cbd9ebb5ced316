import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { freePort } from '../../test/support/free-port';
import { ackCodeOf, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const body = (answer: { body: unknown }) => answer.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the connector catalog over HTTP', () => {
  let engine: TempEngine;
  let api: TestTransport;
  beforeAll(async () => {
    engine = await startTempEngine();
    api = httpTransport(engine.url as string);
  });
  afterAll(() => engine.dispose());

  it('lists every shipped template, filtered by category and direction', async () => {
    const all = await api.call('connectorDefinitions.list', {});
    expect(all.status).toBe(200);
    expect(body(all).data.map((d: { type: string }) => d.type)).toEqual(expect.arrayContaining(['epic-fhir-r4', 'cerner-fhir-r4', 'lis-oru-results', 'adt-feed', 'ris-orders', 'immunization-registry-vxu', 'pharmacy-eprescribing', 'eligibility-service', 'payment-webhook']));
    const labs = body(await api.call('connectorDefinitions.list', { category: 'laboratory' })).data;
    expect(labs.map((d: { type: string }) => d.type)).toEqual(['lis-oru-results']);
    const outbound = body(await api.call('connectorDefinitions.list', { direction: 'outbound' })).data as { direction: string }[];
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.every((d) => d.direction === 'outbound')).toBe(true);
  });

  it('shows a template with its mapping profiles resolved to this installation and honest limitations', async () => {
    const epic = body(await api.call('connectorDefinitions.get', { type: 'epic-fhir-r4' }));
    expect(epic).toMatchObject({ protocol: 'fhir-rest', direction: 'outbound', authTypes: ['smart-backend', 'oauth2'], approved: false, defaults: { authMode: 'smart-backend', settings: { basePath: '/api/FHIR/R4', template: 'epic-fhir-r4' } } });
    expect(epic.capabilities.join(' ')).toMatch(/private_key_jwt/);
    expect(epic.limitations.join(' ')).toMatch(/JWKS/);
    const lis = body(await api.call('connectorDefinitions.get', { type: 'lis-oru-results' }));
    expect(lis.defaults.mappingProfiles).toEqual([{ messageType: 'ORU^R01', name: 'ORU^R01 results (V2-to-FHIR)', id: expect.stringMatching(/^HMP_/) }]);
    expect(lis.defaults.settings.mappingProfiles).toEqual({ 'ORU^R01': lis.defaults.mappingProfiles[0].id });
  });

  it('answers 404 INTEROP_CONNECTOR_DEFINITION_NOT_FOUND for an unknown type', async () => {
    const answer = await api.call('connectorDefinitions.get', { type: 'no-such-partner' });
    expect(answer.status).toBe(404);
    expect(body(answer).error.code).toBe('INTEROP_CONNECTOR_DEFINITION_NOT_FOUND');
  });

  it('creates a connector pre-filled from the template, recording the template it came from', async () => {
    const port = await freePort();
    const created = await api.call('connectorDefinitions.createConnector', { type: 'lis-oru-results', name: 'Main lab', port });
    expect(created.status).toBe(201);
    const lis = body(await api.call('connectorDefinitions.get', { type: 'lis-oru-results' }));
    expect(body(created)).toMatchObject({
      protocol: 'mllp',
      direction: 'inbound',
      port,
      authMode: 'none',
      messageTypes: ['ORU^R01'],
      settings: { ackMode: 'after-store', template: 'lis-oru-results', mappingProfiles: { 'ORU^R01': lis.defaults.mappingProfiles[0].id }, monitoring: { expectedCadence: { everyMinutes: 120, from: '07:00', to: '19:00' } } },
    });
  });

  it('refuses a connector from a template when what the operator must give is missing, with the connector rules\' words', async () => {
    const answer = await api.call('connectorDefinitions.createConnector', { type: 'epic-fhir-r4', name: 'Epic without host' });
    expect(answer.status).toBe(422);
    expect(body(answer).error.details.fields).toMatchObject({ host: [expect.stringMatching(/is required/)], authConfig: [expect.stringMatching(/needs clientId/)] });
  });

  it('sends the template sample to the connector\'s own listener, files it, and counts it in the template\'s statistics', async () => {
    const port = await freePort();
    const created = body(await api.call('connectorDefinitions.createConnector', { type: 'adt-feed', name: 'Ward ADT', host: '127.0.0.1', port }));
    const refused = await api.call('connectors.sendTestMessage', { id: created.id });
    expect(refused.status).toBe(412);
    expect(body(refused).error).toMatchObject({ code: 'INTEROP_TEST_MESSAGE_UNAVAILABLE', details: { reason: 'not-listening' } });

    expect((await api.call('connectors.activate', { id: created.id })).status).toBe(200);
    const sent = await api.call('connectors.sendTestMessage', { id: created.id });
    expect(sent.status).toBe(200);
    expect(body(sent)).toMatchObject({ connectorId: created.id, messageType: 'ADT^A01', ackCode: 'AA', accepted: true });

    const log = body(await api.call('hl7Messages.list', { connectorId: created.id }));
    expect(log.data.map((m: { messageControlId: string }) => m.messageControlId)).toEqual([body(sent).controlId]);

    engine.flushMetrics();
    const stats = body(await api.call('connectorDefinitions.get', { type: 'adt-feed' })).statistics;
    expect(stats).toEqual({ connectors: 1, active: 1, last24h: { received: 1, sent: 0, errors: 0, errorRate: 0 } });

    // A frame that is not HL7 is refused at intake (AR): received and an error.
    expect((await sendOverMllp(port, ['not an HL7 message\r'])).map(ackCodeOf)).toEqual(['AR']);
    engine.flushMetrics();
    const listed = body(await api.call('connectorDefinitions.list', { category: 'adt' })).data[0];
    expect(listed.statistics.last24h).toEqual({ received: 2, sent: 0, errors: 1, errorRate: 0.5 });
    expect(body(await api.call('connectorDefinitions.get', { type: 'eligibility-service' })).statistics).toEqual({ connectors: 0, active: 0, last24h: { received: 0, sent: 0, errors: 0, errorRate: null } });
  });

  it('suggests a free port for a listener from a template: its default, else the next one no connector names and nothing holds', async () => {
    const first = body(await api.call('connectorDefinitions.freePort', { type: 'ris-orders' })).port as number;
    expect(first).toBeGreaterThanOrEqual(2577);
    await api.call('connectorDefinitions.createConnector', { type: 'ris-orders', name: 'RIS', port: first });
    const next = body(await api.call('connectorDefinitions.freePort', { type: 'ris-orders' })).port as number;
    expect(next).toBeGreaterThan(first);
  });

  it('names the data directory in the store overview, for the first-run wizard', async () => {
    expect(body(await api.call('store.overview', {})).dataDirectory).toBe(engine.dataDir);
  });

  it('refuses a test message to a connector that was not made from a template with a sample', async () => {
    const plain = body(await api.call('connectors.create', { name: 'Hand made', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: await freePort() }));
    const answer = await api.call('connectors.sendTestMessage', { id: plain.id });
    expect(answer.status).toBe(412);
    expect(body(answer).error.details.reason).toBe('no-sample');
  });
});
