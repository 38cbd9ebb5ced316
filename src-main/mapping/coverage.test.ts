import { describe, expect, it } from 'vitest';
import { foldRepetitions } from './coverage';

describe('foldRepetitions', () => {
  it('counts repetitions 2 and up of a field as one path, summing their occurrences', () => {
    expect(foldRepetitions([
      { path: 'PID-13', count: 1 },
      { path: 'PID-13[2]', count: 1 },
      { path: 'PID-13[3]', count: 2 },
      { path: 'PID-11[2].8', count: 1 },
      { path: 'PID-11[4].8', count: 1 },
      { path: 'OBX-18', count: 20 },
    ])).toEqual([
      { path: 'PID-13', occurrences: 1 },
      { path: 'PID-13[2+]', occurrences: 3 },
      { path: 'PID-11[2+].8', occurrences: 2 },
      { path: 'OBX-18', occurrences: 20 },
    ]);
  });
});
