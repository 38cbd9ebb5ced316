import { describe, expect, it } from 'vitest';
import { offersFirstRun } from './first-run-dismissal';

describe('the first-run offer', () => {
  it('is made only while the engine has no connector and this console has not dismissed it', () => {
    expect(offersFirstRun(0, false)).toBe(true);
    expect(offersFirstRun(0, true)).toBe(false);
    expect(offersFirstRun(1, false)).toBe(false);
    expect(offersFirstRun(undefined, false)).toBe(false);
  });
});
