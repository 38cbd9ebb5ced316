import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
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
});
