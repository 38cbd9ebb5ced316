/**
 * Browsers cap how tall an element may be (Firefox near 17.9 million px, Chromium near 33.5 million),
 * so past this height the spacer stops growing and scrolling is scaled instead.
 */
export const MAX_SPACER_HEIGHT = 15_000_000;

export interface WindowInput {
  count: number;
  rowHeight: number;
  scrollTop: number;
  /** Height of the area rows show in (the viewport minus any sticky header). */
  viewportHeight: number;
  /** Rows rendered beyond each edge so fast scrolling does not show blanks. */
  overscan: number;
  maxSpacerHeight?: number;
}

export interface RowWindow {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
  spacerHeight: number;
  /** Content pixels per scroll pixel: 1 unless the list is taller than the spacer may be. */
  scale: number;
  /** Add to `index * rowHeight` to place a row inside the spacer. */
  offset: number;
}

/** Which rows a scrolled viewport shows, and where to place them. */
export function rowWindow({ count, rowHeight, scrollTop, viewportHeight, overscan, maxSpacerHeight = MAX_SPACER_HEIGHT }: WindowInput): RowWindow {
  const contentHeight = count * rowHeight;
  const spacerHeight = Math.min(contentHeight, maxSpacerHeight);
  const scrollRange = spacerHeight - viewportHeight;
  const scale = scrollRange > 0 && contentHeight > spacerHeight ? (contentHeight - viewportHeight) / scrollRange : 1;
  const top = Math.max(0, scrollTop) * scale;
  const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + viewportHeight) / rowHeight) + overscan);
  return { start, end: Math.max(start, end), spacerHeight, scale, offset: Math.max(0, scrollTop) - top };
}

/** The scroll change that keeps the same rows in view after `rows` were inserted above them. */
export const scrollShiftFor = (rows: number, rowHeight: number, scale: number): number => (rows * rowHeight) / scale;
