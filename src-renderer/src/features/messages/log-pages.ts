/** Rows per request as the log scrolls: enough to fill several screens, small enough to answer fast. */
export const LOG_PAGE_SIZE = 200;

/** Placeholder rows shown below the loaded ones while more follow, so the scroll can reach them. */
export const LOADING_ROWS = 20;

/** Whether the rows rendered up to `end` come close enough to the end of the `loaded` rows to fetch the next page. */
export const needsNextPage = (end: number, loaded: number, hasMore: boolean): boolean => hasMore && end + LOG_PAGE_SIZE / 2 >= loaded;

/**
 * How many rows arrived above the row that was on top before (newest first, so arrivals are inserted
 * above); 0 when that row is gone from the loaded rows or nothing was on top.
 */
export function arrivedAbove(previousTopId: string | undefined, ids: readonly string[]): number {
  if (previousTopId === undefined) return 0;
  return Math.max(0, ids.indexOf(previousTopId));
}
