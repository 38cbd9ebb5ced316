import { describe, expect, it } from 'vitest';
import { pageOfIndex, pagesForRange, rowAt } from './log-pages';

describe('log pages', () => {
  it('maps a row index to its 1-based page', () => {
    expect(pageOfIndex(0)).toBe(1);
    expect(pageOfIndex(199)).toBe(1);
    expect(pageOfIndex(200)).toBe(2);
    expect(pageOfIndex(999_999)).toBe(5000);
    expect(pageOfIndex(25, 10)).toBe(3);
  });

  it('lists the pages a rendered range needs, one when it fits in a page and none when empty', () => {
    expect(pagesForRange(0, 40)).toEqual([1]);
    expect(pagesForRange(180, 230)).toEqual([1, 2]);
    expect(pagesForRange(200, 400)).toEqual([2]);
    expect(pagesForRange(5, 5)).toEqual([]);
  });

  it('finds a row in the loaded pages and nothing where its page is missing', () => {
    const pages = new Map([[2, ['a', 'b']]]);
    expect(rowAt(pages, 11, 10)).toBe('b');
    expect(rowAt(pages, 1, 10)).toBeUndefined();
    expect(rowAt(pages, 12, 10)).toBeUndefined();
  });
});
