import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export type IssueSeverity = OperationOutcomeIssue['severity'];
export type IssueCode = OperationOutcomeIssue['code'];

/** A FHIR interaction failure: the HTTP status and the OperationOutcome that explains it. */
export class FhirError extends Error {
  override readonly name = 'FhirError';
  constructor(
    readonly status: number,
    readonly outcome: OperationOutcome,
  ) {
    super(outcome.issue?.[0]?.diagnostics ?? `FHIR error ${status}`);
  }
}

export function outcome(severity: IssueSeverity, code: IssueCode, diagnostics: string, expression?: string[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics, ...(expression ? { expression } : {}) }] };
}

export const fhirError = (status: number, code: IssueCode, diagnostics: string, expression?: string[]): FhirError =>
  new FhirError(status, outcome('error', code, diagnostics, expression));

export const notFoundError = (type: string, id: string): FhirError => fhirError(404, 'not-found', `${type}/${id} is not known`);
export const goneError = (type: string, id: string): FhirError => fhirError(410, 'deleted', `${type}/${id} was deleted`);
