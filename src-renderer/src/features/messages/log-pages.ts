/** Rows per request as the log scrolls: enough to fill several screens, small enough to answer fast. */
export const LOG_PAGE_SIZE = 200;

/** The API's 1-based page that holds the row at 0-based `index`. */
export const pageOfIndex = (index: number, pageSize = LOG_PAGE_SIZE): number => Math.floor(index / pageSize) + 1;

/** Pages covering rows `start` up to (not including) `end`. */
export function pagesForRange(start: number, end: number, pageSize = LOG_PAGE_SIZE): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = pageOfIndex(start, pageSize); page <= pageOfIndex(end - 1, pageSize); page++) pages.push(page);
  return pages;
}

/** The row at `index` if its page has been loaded. */
export function rowAt<T>(pages: ReadonlyMap<number, readonly T[]>, index: number, pageSize = LOG_PAGE_SIZE): T | undefined {
  return pages.get(pageOfIndex(index, pageSize))?.[index % pageSize];
}
