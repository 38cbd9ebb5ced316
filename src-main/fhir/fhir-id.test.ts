import { describe, expect, it } from 'vitest';
import { isFhirId } from './fhir-id';

describe('FHIR ids', () => {
  it('accepts ids made of letters, digits, dashes and dots up to 64 characters', () => {
    for (const id of ['a', 'pat-1', 'A.b.C', '0', 'x'.repeat(64), '...']) expect(isFhirId(id), id).toBe(true);
  });

  it('refuses path steps, separators, encoded characters, empty and over-long ids', () => {
    for (const id of ['.', '..', '', 'a/b', '%2e%2e', 'a b', 'a_b', 'x'.repeat(65), 'a?b', 'é']) expect(isFhirId(id), id).toBe(false);
  });
});
