import { describe, expect, it } from 'vitest';
import { rowWindow, scrollShiftFor } from './windowed-range';

const base = { rowHeight: 28, viewportHeight: 280, overscan: 5 };

describe('rowWindow', () => {
  it('renders the visible rows plus overscan, placed at their natural offset', () => {
    expect(rowWindow({ ...base, count: 1000, scrollTop: 0 })).toEqual({ start: 0, end: 15, spacerHeight: 28_000, scale: 1, offset: 0 });
    const middle = rowWindow({ ...base, count: 1000, scrollTop: 28 * 100 + 10 });
    expect([middle.start, middle.end, middle.offset]).toEqual([95, 116, 0]);
  });

  it('clamps at both ends and handles an empty list', () => {
    expect(rowWindow({ ...base, count: 12, scrollTop: 0 })).toMatchObject({ start: 0, end: 12 });
    expect(rowWindow({ ...base, count: 1000, scrollTop: 28_000 - 280 })).toMatchObject({ start: 985, end: 1000 });
    expect(rowWindow({ ...base, count: 0, scrollTop: 0 })).toMatchObject({ start: 0, end: 0, spacerHeight: 0 });
  });

  it('scales the scroll when the rows are taller than a browser allows, still reaching the last row', () => {
    const count = 1_000_000;
    const bottom = rowWindow({ ...base, count, scrollTop: 1_000_000 - 280, maxSpacerHeight: 1_000_000 });
    expect(bottom.spacerHeight).toBe(1_000_000);
    expect(bottom.end).toBe(count);
    // The last row sits at the bottom of the viewport: its top is one row above the viewport's end.
    expect((count - 1) * 28 + bottom.offset).toBeCloseTo(1_000_000 - 28, 3);
    const top = rowWindow({ ...base, count, scrollTop: 0, maxSpacerHeight: 1_000_000 });
    expect([top.start, top.offset]).toEqual([0, 0]);
  });
});

describe('scrollShiftFor', () => {
  it('moves one row height per inserted row, less when the scroll is scaled', () => {
    expect(scrollShiftFor(3, 28, 1)).toBe(84);
    expect(scrollShiftFor(3, 28, 2)).toBe(42);
  });
});
