import { describe, expect, it } from 'vitest';
import type { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { assertJsonAcceptable } from './fhir-format';

const statusOf = (accept: string | undefined, formats: string[] = []): number => {
  try {
    assertJsonAcceptable(accept, formats);
    return 200;
  } catch (error) {
    return fhirAnswerOf(error as AppError).status;
  }
};

describe('assertJsonAcceptable (R4 http.html#mime: 406 when the requested format cannot be given)', () => {
  it('answers a client that admits JSON, or names no FHIR format, as before', () => {
    for (const accept of [undefined, '', '*/*', 'application/json', 'application/fhir+json', 'application/json+fhir', 'application/fhir+json; fhirVersion=4.0', 'application/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'application/fhir+ndjson', 'application/fhir+xml, application/fhir+json;q=0.5']) {
      expect(statusOf(accept), String(accept)).toBe(200);
    }
    for (const format of ['json', 'application/json', 'application/fhir+json', 'application/fhir json', 'application/json+fhir']) expect(statusOf(undefined, [format]), format).toBe(200);
  });

  it('refuses with 406 a client that accepts only XML or Turtle, by Accept or by _format', () => {
    for (const accept of ['application/fhir+xml', 'application/xml', 'text/xml', 'application/xml+fhir', 'application/fhir+turtle', 'application/fhir+xml;q=0.9, text/turtle', 'application/fhir+xml, application/fhir+json;q=0']) {
      expect(statusOf(accept), accept).toBe(406);
    }
    for (const format of ['xml', 'application/fhir+xml', 'application/fhir xml', 'text/xml', 'ttl']) expect(statusOf('application/fhir+json', [format]), format).toBe(406);
  });

  it('says why in an OperationOutcome not-supported', () => {
    try {
      assertJsonAcceptable('application/fhir+xml', []);
      expect.unreachable();
    } catch (error) {
      const answer = fhirAnswerOf(error as AppError);
      expect(answer.outcome.issue?.[0]?.code).toBe('not-supported');
      expect(answer.outcome.issue?.[0]?.diagnostics).toContain('application/fhir+json');
    }
  });
});
