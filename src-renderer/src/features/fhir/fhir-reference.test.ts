import { describe, expect, it } from 'vitest';
import { linkedReference, referenceTarget, resourcePath } from './fhir-reference';

describe('referenceTarget', () => {
  it('opens relative, versioned and absolute references to stored resources', () => {
    expect(referenceTarget('Patient/123')).toEqual({ type: 'Patient', id: '123' });
    expect(referenceTarget('Observation/abc-1.2/_history/3')).toEqual({ type: 'Observation', id: 'abc-1.2' });
    expect(referenceTarget('http://localhost:8080/fhir/R4/Practitioner/p1')).toEqual({ type: 'Practitioner', id: 'p1' });
  });

  it('leaves contained, bundle-local and malformed references as text', () => {
    expect(referenceTarget('#med1')).toBeNull();
    expect(referenceTarget('urn:uuid:3f6a9c1e-0000-4000-8000-000000000000')).toBeNull();
    expect(referenceTarget('patient/123')).toBeNull();
    expect(referenceTarget('Patient/')).toBeNull();
    expect(referenceTarget('Patient/a b')).toBeNull();
  });
});

describe('linkedReference', () => {
  it('links only the string under a `reference` key', () => {
    expect(linkedReference('reference', 'Patient/1')).toEqual({ type: 'Patient', id: '1' });
    expect(linkedReference('display', 'Patient/1')).toBeNull();
    expect(linkedReference('reference', 42)).toBeNull();
    expect(resourcePath({ type: 'Patient', id: '1' })).toBe('/fhir/Patient/1');
  });
});
