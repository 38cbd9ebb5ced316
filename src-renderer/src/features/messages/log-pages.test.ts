import { describe, expect, it } from 'vitest';
import { arrivedAbove, LOG_PAGE_SIZE, needsNextPage } from './log-pages';

describe('log pages', () => {
  it('asks for the next page when the rendered rows come within half a page of the loaded end, and only while more follow', () => {
    expect(needsNextPage(10, LOG_PAGE_SIZE, true)).toBe(false);
    expect(needsNextPage(LOG_PAGE_SIZE / 2, LOG_PAGE_SIZE, true)).toBe(true);
    expect(needsNextPage(LOG_PAGE_SIZE, LOG_PAGE_SIZE, false)).toBe(false);
  });

  it('counts the rows that arrived above the previous top row, and none when it is gone or there was none', () => {
    expect(arrivedAbove('c', ['a', 'b', 'c', 'd'])).toBe(2);
    expect(arrivedAbove('c', ['c', 'd'])).toBe(0);
    expect(arrivedAbove('x', ['a', 'b'])).toBe(0);
    expect(arrivedAbove(undefined, ['a'])).toBe(0);
  });
});
