import { describe, expect, it } from 'vitest';
import { searchParameterFor } from './definitions';

describe('searchParameterFor', () => {
  it('describes R4 parameters with their type, expression and targets', () => {
    expect(searchParameterFor('Observation', 'patient')).toMatchObject({ code: 'patient', type: 'reference', targets: ['Patient'] });
    expect(searchParameterFor('Patient', 'birthdate')).toMatchObject({ type: 'date', expression: expect.stringContaining('Patient.birthDate') });
  });

  it('includes the common _id and _lastUpdated parameters', () => {
    expect(searchParameterFor('Specimen', '_id')?.type).toBe('token');
    expect(searchParameterFor('Specimen', '_lastUpdated')?.type).toBe('date');
  });

  it('knows nothing of unknown codes, unknown types or Medplum-only parameters', () => {
    expect(searchParameterFor('Patient', 'colour')).toBeUndefined();
    expect(searchParameterFor('Wizard', 'name')).toBeUndefined();
    expect(searchParameterFor('Patient', '_compartment')).toBeUndefined();
  });
});
