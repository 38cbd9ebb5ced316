import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import { AppError, type ErrorKind } from '../core/errors';

export type IssueSeverity = OperationOutcomeIssue['severity'];
export type IssueCode = OperationOutcomeIssue['code'];

/**
 * What a FHIR failure carries in `AppError.details`: the OperationOutcome, and the HTTP status where
 * no kind gives it — an owning server's own for a relayed refusal, 406 for a client that accepts no
 * format this server writes.
 */
export interface FhirFailureDetails {
  outcome: OperationOutcome;
  status?: number;
}

export function outcome(severity: IssueSeverity, code: IssueCode, diagnostics: string, expression?: string[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics, ...(expression ? { expression } : {}) }] };
}

const codeOf = (issues: OperationOutcome): string => `FHIR_${(issues.issue?.[0]?.code ?? 'error').toUpperCase().replace(/-/g, '_')}`;

/** A FHIR failure with a prepared OperationOutcome (the validator's findings, a transaction entry's rewrite). */
export const fhirOutcomeFailure = (kind: ErrorKind, said: OperationOutcome, status?: number): AppError =>
  new AppError(kind, codeOf(said), said.issue?.[0]?.diagnostics ?? 'The FHIR request failed', { outcome: said, ...(status === undefined ? {} : { status }) } satisfies FhirFailureDetails);

/** A FHIR failure: the kind says what went wrong, the issue code is what the OperationOutcome says. */
export const fhirFailure = (kind: ErrorKind, code: IssueCode, diagnostics: string, expression?: string[]): AppError =>
  fhirOutcomeFailure(kind, outcome('error', code, diagnostics, expression));

export const notFoundError = (type: string, id: string): AppError => fhirFailure('not_found', 'not-found', `${type}/${id} is not known`);
export const goneError = (type: string, id: string): AppError => fhirFailure('gone', 'deleted', `${type}/${id} was deleted`);

/** The kind of an owning FHIR server's HTTP refusal: read once where its answer comes in. */
export function kindOfStatus(status: number): ErrorKind {
  const kinds: Record<number, ErrorKind> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 410: 'gone', 412: 'precondition_failed', 413: 'too_large', 415: 'unsupported', 422: 'unprocessable', 503: 'unavailable' };
  return kinds[status] ?? (status < 500 ? 'validation' : 'internal');
}

/** An owning server's refusal, relayed with its own status and OperationOutcome. */
export const relayedFailure = (status: number, said: OperationOutcome): AppError => fhirOutcomeFailure(kindOfStatus(status), said, status);

const fhirStatus: Record<ErrorKind, number> = {
  validation: 400,
  unprocessable: 422,
  not_found: 404,
  gone: 410,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unsupported: 415,
  forbidden: 403,
  unauthorized: 401,
  unavailable: 503,
  internal: 500,
};

const issueCodeOf: Record<ErrorKind, IssueCode> = {
  validation: 'invalid',
  unprocessable: 'processing',
  not_found: 'not-found',
  gone: 'deleted',
  conflict: 'conflict',
  precondition_failed: 'conflict',
  too_large: 'too-costly',
  unsupported: 'not-supported',
  forbidden: 'forbidden',
  unauthorized: 'login',
  unavailable: 'transient',
  internal: 'exception',
};

const detailsOf = (error: AppError): Partial<FhirFailureDetails> => (typeof error.details === 'object' && error.details !== null ? (error.details as Partial<FhirFailureDetails>) : {});

/** The OperationOutcome an AppError carries, if it is a FHIR failure. */
export const outcomeOf = (error: unknown): OperationOutcome | undefined => (error instanceof AppError ? detailsOf(error).outcome : undefined);

/** The same failure, saying `said` instead (a transaction names the entry that failed). */
export function withOutcome(error: AppError, said: OperationOutcome): AppError {
  return fhirOutcomeFailure(error.kind, said, detailsOf(error).status);
}

/** The FHIR surface's one mapping: an AppError as the HTTP status and OperationOutcome a FHIR client is answered. */
export function fhirAnswerOf(error: AppError): { status: number; outcome: OperationOutcome } {
  const { outcome: said, status: ownStatus } = detailsOf(error);
  const status = ownStatus ?? fhirStatus[error.kind];
  if (said) return { status, outcome: said };
  if (error.kind === 'internal') return { status, outcome: outcome('fatal', 'exception', 'An internal error occurred') };
  return { status, outcome: outcome('error', issueCodeOf[error.kind], error.message) };
}
