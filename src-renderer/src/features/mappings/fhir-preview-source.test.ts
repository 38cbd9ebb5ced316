import { describe, expect, it } from 'vitest';
import { resourceFromText, storedIdOf } from './fhir-preview-source';

describe('the FHIR → v2 preview source', () => {
  it('takes pasted JSON of the profile\'s resource type and says what is wrong with anything else', () => {
    expect(resourceFromText('  ', 'Patient')).toBeUndefined();
    expect(resourceFromText('{"resourceType":"Patient","gender":"male"}', 'Patient')).toEqual({ ok: true, resource: { resourceType: 'Patient', gender: 'male' } });
    expect(resourceFromText('{"resourceType":"Observation"}', 'Patient')).toEqual({ ok: false, message: 'This profile converts a Patient; the JSON is a Observation' });
    expect(resourceFromText('[1]', 'Patient')).toEqual({ ok: false, message: 'Not a FHIR resource: paste one JSON object' });
    expect(resourceFromText('{"gender":', 'Patient')?.ok).toBe(false);
  });

  it('reads a stored resource\'s id with or without its type', () => {
    expect([storedIdOf('Patient/p-1', 'Patient'), storedIdOf(' p-1 ', 'Patient'), storedIdOf('Patient/', 'Patient'), storedIdOf('a b', 'Patient')]).toEqual(['p-1', 'p-1', undefined, undefined]);
  });
});
