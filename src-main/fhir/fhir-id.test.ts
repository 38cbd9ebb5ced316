import { describe, expect, it } from 'vitest';
import { assertFhirId, isFhirId } from './fhir-id';
import { AppError } from '../core/errors';
import { fhirAnswerOf } from './outcome';

describe('FHIR ids', () => {
  it('accepts ids made of letters, digits, dashes and dots up to 64 characters', () => {
    for (const id of ['a', 'pat-1', 'A.b.C', '0', 'x'.repeat(64), '...']) expect(isFhirId(id), id).toBe(true);
  });

  it('refuses path steps, separators, encoded characters, empty and over-long ids', () => {
    for (const id of ['.', '..', '', 'a/b', '%2e%2e', 'a b', 'a_b', 'x'.repeat(65), 'a?b', 'é']) expect(isFhirId(id), id).toBe(false);
  });
});

/** What a FHIR client is answered for the error `work` throws. */
function answerTo(work: () => void): ReturnType<typeof fhirAnswerOf> | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return fhirAnswerOf(error);
    throw error;
  }
  return undefined;
}

describe('assertFhirId', () => {
  it('names an unknown operation in the id position as not supported rather than as a bad id', () => {
    expect(answerTo(() => assertFhirId('$everything'))).toMatchObject({ status: 404, outcome: { issue: [{ diagnostics: expect.stringContaining('$everything') }] } });
    expect(answerTo(() => assertFhirId('%2e%2e'))).toMatchObject({ status: 400 });
    expect(() => assertFhirId('pat-1')).not.toThrow();
  });
});
