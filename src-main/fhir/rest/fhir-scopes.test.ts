import { describe, expect, it } from 'vitest';
import { grantsFhir, needOf, needOfBulkRoute, needsOfBundle } from './fhir-scopes';

describe('FHIR scopes', () => {
  it('grants reads with system/Type.read and v2 letters, and writes only with write letters', () => {
    const read = needOf({ kind: 'read', type: 'Observation', id: '1' });
    expect(grantsFhir(['system/Observation.read'], read)).toBe(true);
    expect(grantsFhir(['system/Observation.rs'], read)).toBe(true);
    expect(grantsFhir(['user/*.*'], read)).toBe(true);
    expect(grantsFhir(['system/Patient.read'], read)).toBe(false);
    expect(grantsFhir(['system/Observation.read'], needOf({ kind: 'create', type: 'Observation' }))).toBe(false);
    expect(grantsFhir(['system/Observation.c'], needOf({ kind: 'create', type: 'Observation' }))).toBe(true);
    expect(grantsFhir(['system/Observation.r'], needOf({ kind: 'search', type: 'Observation', viaPost: false }))).toBe(false);
  });

  it('gives patient/ scopes nothing without a patient in context, and admin everything', () => {
    expect(grantsFhir(['patient/Observation.read'], needOf({ kind: 'read', type: 'Observation', id: '1' }))).toBe(false);
    expect(grantsFhir(['svc:interop:admin'], needOf({ kind: 'delete', type: 'Observation', id: '1' }))).toBe(true);
  });

  it('reads the need of every transaction entry, and an entry it cannot read as needing admin', () => {
    const needs = needsOfBundle({ resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'POST', url: 'Observation' } }, { request: { method: 'DELETE', url: 'Patient/1' } }, { resource: {} }] });
    expect(needs).toEqual([{ kind: 'smart', type: 'Observation', letters: ['c'] }, { kind: 'smart', type: 'Patient', letters: ['d'] }, { kind: 'interop', scope: 'svc:interop:admin' }]);
  });

  it('lets svc:interop:bulk-export kick off $export, and nothing less', () => {
    const need = needOfBulkRoute('/fhir/R4/Group/:id/$export');
    expect(need && grantsFhir(['svc:interop:bulk-export'], need)).toBe(true);
    expect(need && grantsFhir(['system/*.read'], need)).toBe(false);
  });
});
