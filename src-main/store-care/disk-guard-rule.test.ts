import { describe, expect, it } from 'vitest';
import { diskLevel, refusesForDisk, resumeFreeBytes } from './disk-guard-rule';

const MB = 1024 * 1024;

describe('refusesForDisk', () => {
  it('starts refusing below the floor and accepts again only above the resume mark', () => {
    expect(refusesForDisk(false, 501 * MB, 500 * MB)).toBe(false);
    expect(refusesForDisk(false, 499 * MB, 500 * MB)).toBe(true);
    expect(refusesForDisk(true, 520 * MB, 500 * MB)).toBe(true);
    expect(resumeFreeBytes(500 * MB)).toBe(550 * MB);
    expect(refusesForDisk(true, 550 * MB, 500 * MB)).toBe(false);
  });

  it('keeps its state when the free space is unknown and never refuses with a floor of 0', () => {
    expect(refusesForDisk(true, null, 500 * MB)).toBe(true);
    expect(refusesForDisk(false, null, 500 * MB)).toBe(false);
    expect(refusesForDisk(true, 0, 0)).toBe(false);
  });
});

describe('diskLevel', () => {
  it('warns under twice the floor before intake refuses, is critical while it refuses, and clears only with a margin above', () => {
    expect(diskLevel('ok', false, 1001 * MB, 500 * MB)).toBe('ok');
    expect(diskLevel('ok', false, 999 * MB, 500 * MB)).toBe('low');
    expect(diskLevel('low', true, 499 * MB, 500 * MB)).toBe('refusing');
    expect(diskLevel('refusing', false, 560 * MB, 500 * MB)).toBe('low');
    expect(diskLevel('low', false, 1020 * MB, 500 * MB)).toBe('low');
    expect(diskLevel('low', false, 1050 * MB, 500 * MB)).toBe('ok');
  });

  it('keeps a warning while the free space is unknown and never warns with a floor of 0', () => {
    expect(diskLevel('low', false, null, 500 * MB)).toBe('low');
    expect(diskLevel('ok', false, null, 500 * MB)).toBe('ok');
    expect(diskLevel('low', false, 10 * MB, 0)).toBe('ok');
  });
});
