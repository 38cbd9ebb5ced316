import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';

export interface OutcomeIssue {
  severity: string;
  code: string;
  text: string;
  /** FHIRPath of the elements concerned, e.g. `Patient.birthDate`. */
  paths: string[];
}

const isOutcome = (value: unknown): value is OperationOutcome =>
  typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === 'OperationOutcome';

/** The OperationOutcome an answer or an ApiError's details carry, if any. */
export function outcomeOf(value: unknown): OperationOutcome | null {
  if (isOutcome(value)) return value;
  const nested = (value as { outcome?: unknown } | null | undefined)?.outcome;
  return isOutcome(nested) ? nested : null;
}

export function issuesOf(outcome: OperationOutcome): OutcomeIssue[] {
  return (outcome.issue ?? []).map((issue: OperationOutcomeIssue) => ({
    severity: issue.severity,
    code: issue.code,
    text: issue.diagnostics ?? issue.details?.text ?? issue.code,
    paths: issue.expression ?? issue.location ?? [],
  }));
}

/** Issues that say something is wrong; an informational "all good" is not one. */
export const problemsOf = (outcome: OperationOutcome): OutcomeIssue[] => issuesOf(outcome).filter((issue) => issue.severity !== 'information');

/** An error as one readable text: the outcome's issues with their paths, else the message. */
export function errorText(message: string, details: unknown): string {
  const outcome = outcomeOf(details);
  const issues = outcome ? issuesOf(outcome) : [];
  if (issues.length === 0) return message;
  return issues.map((issue) => (issue.paths.length > 0 ? `${issue.text} (${issue.paths.join(', ')})` : issue.text)).join('\n');
}
