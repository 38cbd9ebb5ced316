/**
 * Pure: how many messages the next retention batch takes, so one write transaction (which holds the engine
 * thread and the write lock) lasts about `budgetMs`. Scales by the last batch's pace, at most doubling at once
 * (one fast batch proves little), never below 1 nor above `max`.
 */
export function nextBatchLimit(limit: number, tookMs: number, budgetMs: number, max: number): number {
  const paced = tookMs <= 0 ? limit * 2 : Math.floor((limit * budgetMs) / tookMs);
  return Math.max(1, Math.min(max, limit * 2, paced));
}

/** The first batch's size: small, since nothing is known yet of how long a deletion takes on this store. */
export const firstBatchLimit = (max: number): number => Math.min(max, 25);
