import { describe, expect, it } from 'vitest';
import { refusesForDisk, resumeFreeBytes } from './disk-guard-rule';

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
