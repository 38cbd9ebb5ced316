import type { OperationOutcome } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { errorText, issuesOf, outcomeOf, problemsOf } from './fhir-outcome';

const invalid = {
  resourceType: 'OperationOutcome',
  issue: [
    { severity: 'error', code: 'value', diagnostics: 'Invalid date', expression: ['Patient.birthDate'] },
    { severity: 'warning', code: 'invalid', details: { text: 'Unknown element' }, location: ['Patient.foo'] },
  ],
} satisfies OperationOutcome;

describe('OperationOutcome helpers', () => {
  it('finds the outcome in an answer or in an error’s details', () => {
    expect(outcomeOf(invalid)).toBe(invalid);
    expect(outcomeOf({ outcome: invalid })).toBe(invalid);
    expect(outcomeOf({ fields: {} })).toBeNull();
    expect(outcomeOf(undefined)).toBeNull();
  });

  it('reads diagnostics or details text, and expression or location as paths', () => {
    expect(issuesOf(invalid)).toEqual([
      { severity: 'error', code: 'value', text: 'Invalid date', paths: ['Patient.birthDate'] },
      { severity: 'warning', code: 'invalid', text: 'Unknown element', paths: ['Patient.foo'] },
    ]);
  });

  it('does not count an informational "no issues" as a problem', () => {
    expect(problemsOf({ resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'No issues found' }] })).toEqual([]);
    expect(problemsOf(invalid)).toHaveLength(2);
  });

  it('turns an error into the outcome’s text with paths, or its message without one', () => {
    expect(errorText('Bad request', { outcome: invalid })).toBe('Invalid date (Patient.birthDate)\nUnknown element (Patient.foo)');
    expect(errorText('Engine down', undefined)).toBe('Engine down');
  });
});
