import { describe, expect, it } from 'vitest';
import { retentionFormValuesOf, retentionToSend } from './retention-form-values';

describe('retention form values', () => {
  it('sends no rule for a connector without one while the form sets none', () => {
    expect(retentionToSend(retentionFormValuesOf(undefined))).toBeUndefined();
  });

  it('sends the limits typed, and an emptied rule of a connector that had one so the removal is saved', () => {
    expect(retentionToSend({ ...retentionFormValuesOf(undefined), maxAgeDays: 30 })).toEqual({ maxAgeDays: 30, keepUnresolvedFailures: true });
    const stored = retentionFormValuesOf({ maxMessages: 1000, keepUnresolvedFailures: false });
    expect(stored).toMatchObject({ maxAgeDays: '', maxMessages: 1000, keepUnresolvedFailures: false, stored: true });
    expect(retentionToSend({ ...stored, maxMessages: '', keepUnresolvedFailures: true })).toEqual({ keepUnresolvedFailures: true });
  });
});
