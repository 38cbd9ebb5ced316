import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { outcomeOf } from '../outcome';
import { validateFhirResource } from './validate';

const failureOf = (body: unknown): AppError => {
  try {
    validateFhirResource(body);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('validated');
};

describe('validateFhirResource', () => {
  it('refuses a resourceType that is not a string with an OperationOutcome naming what it is, whatever the object does when printed', () => {
    const polluted = failureOf(JSON.parse('{"resourceType":{"toString":{"polluted":true}},"id":"x"}'));
    expect(polluted.kind).toBe('unprocessable');
    expect(polluted.message).toBe('resourceType must be a string naming an R4 resource type, not object');
    expect(failureOf({ resourceType: ['Patient'] }).message).toContain('not an array');
    expect(failureOf({ resourceType: null }).message).toContain('not null');
    expect(failureOf({ resourceType: 'Patientt' }).message).toBe('"Patientt" is not an R4 resource type');
  });

  it('refuses dates the calendar does not have, wherever a date, dateTime or instant sits, and keeps real ones', () => {
    const refused = failureOf({
      resourceType: 'Patient',
      birthDate: '1970-02-30',
      extension: [{ url: 'http://example.org/when', valueDateTime: '2023-02-29T10:00:00Z' }],
      name: [{ family: 'Dickens475', period: { start: '2023-04-31' } }],
      contained: [{ resourceType: 'Observation', id: 'o', status: 'final', code: { text: 'x' }, issued: '2021-06-31T00:00:00Z' }],
    });
    expect(refused.kind).toBe('unprocessable');
    const issues = outcomeOf(refused)?.issue ?? [];
    expect(issues.map((i) => [i.code, i.expression?.[0]]).sort()).toEqual([
      ['value', 'Patient.birthDate'],
      ['value', 'Patient.contained[0].issued'],
      ['value', 'Patient.extension[0].value[x]'],
      ['value', 'Patient.name[0].period.start'],
    ]);
    // Named by its element, never by its value (a birth date is patient data).
    expect(issues.find((i) => i.expression?.[0] === 'Patient.birthDate')?.diagnostics).toBe('Patient.birthDate is not a date of the calendar (a day its month does not have; R4 dates SHALL be valid dates)');
    expect(JSON.stringify(issues)).not.toContain('1970-02-30');
    const kept = validateFhirResource({ resourceType: 'Patient', birthDate: '2024-02-29', name: [{ period: { start: '1970-02', end: '1971' } }] });
    expect(kept.resource).toMatchObject({ birthDate: '2024-02-29' });
  });
});
