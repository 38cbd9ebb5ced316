import { describe, expect, it } from 'vitest';
import { assertFhirId, isFhirId } from './fhir-id';

describe('FHIR ids', () => {
  it('accepts ids made of letters, digits, dashes and dots up to 64 characters', () => {
    for (const id of ['a', 'pat-1', 'A.b.C', '0', 'x'.repeat(64), '...']) expect(isFhirId(id), id).toBe(true);
  });

  it('refuses path steps, separators, encoded characters, empty and over-long ids', () => {
    for (const id of ['.', '..', '', 'a/b', '%2e%2e', 'a b', 'a_b', 'x'.repeat(65), 'a?b', 'é']) expect(isFhirId(id), id).toBe(false);
  });
});

describe('assertFhirId', () => {
  it('names an unknown operation in the id position as not supported rather than as a bad id', () => {
    expect(() => assertFhirId('$everything')).toThrow(expect.objectContaining({ status: 404, message: expect.stringContaining('$everything') }));
    expect(() => assertFhirId('%2e%2e')).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => assertFhirId('pat-1')).not.toThrow();
  });
});
