import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { fhirAnswerOf, fhirFailure, goneError, notFoundError, relayedFailure, withOutcome } from './outcome';

describe('fhirAnswerOf', () => {
  it.each([
    ['validation', 400],
    ['unprocessable', 422],
    ['not_found', 404],
    ['gone', 410],
    ['conflict', 409],
    ['precondition_failed', 412],
    ['too_large', 413],
    ['unsupported', 415],
    ['unavailable', 503],
    ['internal', 500],
  ] as const)('answers a %s failure with HTTP %i and the OperationOutcome it carries', (kind, status) => {
    const answer = fhirAnswerOf(fhirFailure(kind, 'processing', 'what went wrong', ['Patient.name']));
    expect(answer).toEqual({ status, outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'what went wrong', expression: ['Patient.name'] }] } });
  });

  it('names FHIR failures by their issue code', () => {
    expect(notFoundError('Patient', 'p1')).toMatchObject({ kind: 'not_found', code: 'FHIR_NOT_FOUND' });
    expect(goneError('Patient', 'p1')).toMatchObject({ kind: 'gone', code: 'FHIR_DELETED' });
  });

  it("relays an owning server's refusal with its own status, and keeps it when the outcome is reworded", () => {
    const said = { resourceType: 'OperationOutcome' as const, issue: [{ severity: 'error' as const, code: 'throttled' as const, diagnostics: 'slow down' }] };
    const relayed = relayedFailure(429, said);
    expect(relayed.kind).toBe('validation');
    expect(fhirAnswerOf(relayed)).toEqual({ status: 429, outcome: said });
    const reworded = { ...said, issue: [{ ...said.issue[0], diagnostics: 'entry 2: slow down' }] };
    expect(fhirAnswerOf(withOutcome(relayed, reworded))).toEqual({ status: 429, outcome: reworded });
  });

  it('answers an AppError without an OperationOutcome from its kind, and hides what an internal one says', () => {
    expect(fhirAnswerOf(new AppError('not_found', 'INTEROP_TENANT_NOT_FOUND', 'tenant t1 was not found'))).toEqual({
      status: 404,
      outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'tenant t1 was not found' }] },
    });
    expect(fhirAnswerOf(new AppError('internal', 'INTEROP_DISK', 'disk path /secret failed'))).toEqual({
      status: 500,
      outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'fatal', code: 'exception', diagnostics: 'An internal error occurred' }] },
    });
  });
});
