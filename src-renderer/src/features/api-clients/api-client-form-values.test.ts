import { describe, expect, it } from 'vitest';
import { clientValuesOf, fhirScopesProblem, placeClientErrors, toCreateClient } from './api-client-form-values';

describe('API client form values', () => {
  it('sends the ticked engine scopes and the typed SMART scopes as one list, leaving out blank tenant, expiry and rate limit', () => {
    const values = { ...clientValuesOf(null), name: ' Billing sync ', interopScopes: ['svc:interop:read'], fhirScopes: 'system/Patient.read,\n user/*.rs system/Patient.read' };
    expect(toCreateClient(values)).toEqual({ name: 'Billing sync', scopes: ['svc:interop:read', 'system/Patient.read', 'user/*.rs'] });
  });

  it('sends a tenant, an expiry as an instant and a rate limit when given', () => {
    const values = { ...clientValuesOf(null), name: 'Lab', tenantId: 'TEN_NORTH', expiresAt: '2030-01-02T03:04', rateLimitPerMinute: 120 };
    expect(toCreateClient(values)).toEqual({ name: 'Lab', scopes: ['svc:interop:read'], tenantId: 'TEN_NORTH', expiresAt: new Date('2030-01-02T03:04').toISOString(), rateLimitPerMinute: 120 });
  });

  it('names the first FHIR scope that is not a SMART scope, and accepts v1 and v2 forms', () => {
    expect(fhirScopesProblem('system/Patient.read user/*.cruds patient/Observation.*')).toBeNull();
    expect(fhirScopesProblem('system/Patient.read Patient.read')).toContain('"Patient.read" is not a SMART scope');
    expect(fhirScopesProblem('user/*.rc')).toContain('"user/*.rc"');
  });

  it('puts the engine\'s 422 on a bad scope under the FHIR scopes, naming it, and an empty list under the engine scopes', () => {
    expect(placeClientErrors({ scopes: ['unknown scope "system/Patient.rc"'], tenantId: ['must be a TEN_ id'], 'x.y': ['odd'] })).toEqual({
      errors: { fhirScopes: 'unknown scope "system/Patient.rc"', tenantId: 'must be a TEN_ id' },
      unplaced: ['x.y: odd'],
    });
    expect(placeClientErrors({ scopes: ['name at least one scope'] }).errors).toEqual({ interopScopes: 'name at least one scope' });
  });
});
