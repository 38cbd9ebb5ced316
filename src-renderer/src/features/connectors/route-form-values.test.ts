import type { OutboundRoute } from '@contract/outbound';
import { describe, expect, it } from 'vitest';
import { payloadKindsFor, placeRouteErrors, routeValuesOf, toCreateRoute, toUpdateRoute } from './route-form-values';

const SOURCE = 'CONN_01J00000000000000000000001';
const DESTINATION = 'CONN_01J00000000000000000000002';
const PROFILE = 'FMP_01J00000000000000000000003';

describe('route form values', () => {
  it('sends only the filter parts given, and no value for an exists condition', () => {
    const values = { ...routeValuesOf(null), name: ' To EHR ', destinationConnectorId: DESTINATION, conditionPath: 'PID-3.1', conditionOp: 'exists' as const, conditionValue: 'ignored' };
    expect(toCreateRoute(values, SOURCE)).toEqual({
      name: 'To EHR',
      sourceConnectorId: SOURCE,
      destinationConnectorId: DESTINATION,
      filter: { condition: { path: 'PID-3.1', op: 'exists' } },
      payload: { kind: 'raw' },
      laneBy: 'destination',
      enabled: true,
    });
    expect(toCreateRoute({ ...values, conditionPath: '', messageTypes: ['ORU^R01'], sendingFacility: 'LAB' }, SOURCE).filter).toEqual({ messageTypes: ['ORU^R01'], sendingFacility: 'LAB' });
  });

  it('round-trips a stored profile route and edits it at its version', () => {
    const stored: OutboundRoute = {
      id: 'ORT_01J00000000000000000000004',
      tenantId: 't',
      name: 'Results',
      sourceConnectorId: SOURCE,
      destinationConnectorId: DESTINATION,
      filter: { messageTypes: ['ORU^R01'], condition: { path: 'MSH-4', op: 'equals', value: 'LAB' } },
      payload: { kind: 'hl7-profile', profileId: PROFILE },
      laneBy: 'patient',
      enabled: false,
      version: 7,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const update = toUpdateRoute(routeValuesOf(stored), stored);
    expect(update).toMatchObject({ id: stored.id, version: 7, filter: stored.filter, payload: stored.payload, laneBy: 'patient', enabled: false });
  });

  it('offers no FHIR Bundle payload for an MLLP destination', () => {
    expect(payloadKindsFor('mllp')).toEqual(['raw', 'hl7-profile']);
    expect(payloadKindsFor('fhir-rest')).toEqual(['fhir-bundle']);
  });

  it('places the engine’s field messages on the inputs they name and names the message type at fault', () => {
    const values = { ...routeValuesOf(null), messageTypes: ['ORU^R01', 'bad'] };
    const placed = placeRouteErrors(
      { 'filter.condition.path': ['must be an HL7 path such as PID-3.1 or MSH-4'], 'payload.kind': ['an MLLP destination takes HL7 v2: raw or hl7-profile'], 'filter.messageTypes.1': ['must look like ORU^R01 or ADT^*'], sourceConnectorId: ['must be an inbound connector'] },
      values,
    );
    expect(placed.errors).toEqual({
      conditionPath: 'must be an HL7 path such as PID-3.1 or MSH-4',
      payloadKind: 'an MLLP destination takes HL7 v2: raw or hl7-profile',
      messageTypes: '“bad” must look like ORU^R01 or ADT^*',
    });
    expect(placed.unplaced).toEqual(['sourceConnectorId: must be an inbound connector']);
  });
});
