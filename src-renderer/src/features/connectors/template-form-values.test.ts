import type { ConnectorDefinition } from '@contract/connector-definitions';
import { describe, expect, it } from 'vitest';
import { toCreateInput } from './connector-form-values';
import { formValuesOfTemplate } from './template-form-values';

const lis: ConnectorDefinition = {
  type: 'lis-oru-results',
  name: 'Laboratory results (LIS → ORU^R01)',
  vendor: null,
  category: 'laboratory',
  description: 'A LIS sends results.',
  protocol: 'mllp',
  direction: 'inbound',
  authTypes: ['none', 'client-cert'],
  syncStrategies: ['realtime'],
  entities: { hl7MessageTypes: ['ORU^R01'], fhirResourceTypes: ['Observation'] },
  capabilities: ['ACK after store'],
  limitations: [],
  approved: true,
  hasSampleMessage: true,
  defaults: {
    protocol: 'mllp',
    direction: 'inbound',
    authMode: 'none',
    tlsEnabled: false,
    host: null,
    port: 2575,
    messageTypes: ['ORU^R01'],
    authConfig: {},
    settings: { ackMode: 'after-store', durability: 'NORMAL', mappingProfiles: { 'ORU^R01': 'HMP_01' }, monitoring: { healthCheckIntervalSeconds: 120, expectedCadence: { everyMinutes: 90, from: '07:00', to: '19:00', days: ['mon'], timeZone: 'UTC' } }, template: 'lis-oru-results' },
    mappingProfiles: [{ messageType: 'ORU^R01', name: 'ORU^R01 results (V2-to-FHIR)', id: 'HMP_01' }],
  },
  statistics: { connectors: 0, active: 0, last24h: { received: 0, sent: 0, errors: 0, errorRate: null } },
};

describe('a connector form filled from a template', () => {
  it('sends the template defaults — protocol, port, message types, settings, mapping profile, health check — and the template it came from', () => {
    const input = toCreateInput({ ...formValuesOfTemplate(lis), name: 'Main lab' });
    expect(input).toMatchObject({
      name: 'Main lab',
      protocol: 'mllp',
      direction: 'inbound',
      port: 2575,
      authMode: 'none',
      messageTypes: ['ORU^R01'],
      settings: { ackMode: 'after-store', durability: 'NORMAL', template: 'lis-oru-results', mappingProfiles: { 'ORU^R01': 'HMP_01' }, monitoring: { healthCheckIntervalSeconds: 120, expectedCadence: { everyMinutes: 90, days: ['mon'] } } },
    });
  });
});
