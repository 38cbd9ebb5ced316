import { Box } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useEffect, useImperativeHandle, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode, type Ref } from 'react';
import { rowWindow, scrollShiftFor } from './windowed-range';

export interface WindowedRowsHandle {
  scrollToTop(): void;
  /** After `rows` were inserted above the viewport, keeps the rows the user is reading where they are; at the top it does nothing, so new rows show. */
  keepInPlace(rows: number): void;
}

export interface RenderedRange {
  start: number;
  end: number;
  atTop: boolean;
}

interface WindowedRowsProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  rowHeight: number;
  /** Stays in view while scrolling vertically and scrolls sideways with the rows. */
  header: ReactNode;
  headerHeight: number;
  /** Below this width the rows scroll sideways instead of squeezing. */
  minWidth: number;
  overscan?: number;
  renderRow: (index: number, style: CSSProperties) => ReactNode;
  onRangeChange?: (range: RenderedRange) => void;
  ref?: Ref<WindowedRowsHandle>;
}

/**
 * Renders only the rows in view (plus overscan), absolutely placed in a spacer as tall as all of them,
 * so a list of a million rows costs the same as one of fifty.
 */
export function WindowedRows({ count, rowHeight, header, headerHeight, minWidth, overscan = 8, renderRow, onRangeChange, ref, style, ...rest }: WindowedRowsProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const size = useElementSize<HTMLDivElement>();
  const mergedRef = useMergedRef(viewport, size.ref);
  const [scrollTop, setScrollTop] = useState(0);
  const rowsHeight = Math.max(0, size.height - headerHeight);
  const win = rowWindow({ count, rowHeight, scrollTop, viewportHeight: rowsHeight, overscan });
  const atTop = scrollTop < 1;

  useImperativeHandle(
    ref,
    () => ({
      scrollToTop: () => viewport.current?.scrollTo({ top: 0 }),
      keepInPlace: (rows) => {
        const element = viewport.current;
        if (!element || element.scrollTop < 1 || rows <= 0) return;
        element.scrollTop += scrollShiftFor(rows, rowHeight, win.scale);
      },
    }),
    [rowHeight, win.scale],
  );

  useEffect(() => onRangeChange?.({ start: win.start, end: win.end, atTop }), [onRangeChange, win.start, win.end, atTop]);

  const rows: ReactNode[] = [];
  for (let index = win.start; index < win.end; index++) {
    rows.push(renderRow(index, { position: 'absolute', top: index * rowHeight + win.offset, left: 0, right: 0, height: rowHeight }));
  }

  return (
    <Box
      ref={mergedRef}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      // Rows are placed by hand; the browser's own scroll anchoring would fight keepInPlace.
      style={{ overflow: 'auto', overflowAnchor: 'none', ...style }}
      {...rest}
    >
      <div style={{ minWidth }}>
        <div style={{ position: 'sticky', top: 0, zIndex: 1, height: headerHeight }}>{header}</div>
        <div style={{ position: 'relative', height: win.spacerHeight }}>{rows}</div>
      </div>
    </Box>
  );
}
