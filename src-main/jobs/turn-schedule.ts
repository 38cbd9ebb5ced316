/** What one turn of a kind of background work reported: more to do at once, or nothing for now. */
export type TurnResult = 'idle' | 'more';

export interface KindTiming {
  /** How long an idle kind waits before it looks for work again (due retries, expired files). */
  intervalMs: number;
  /** The pause before a turn that follows a wake (and 'more', unless moreDelayMs says otherwise), so work gathers into batches and the event loop turns. */
  batchDelayMs: number;
  /** The pause before a turn that follows 'more' and no wake: a backlog needs no gathering (default batchDelayMs). */
  moreDelayMs?: number;
  /** The longest wait after failed turns in a row. */
  maxBackoffMs: number;
}

/** How a turn ended: its result, or a failure (thrown or rejected). */
export type TurnEnd = { result: TurnResult } | { failed: true };

export interface NextTurn {
  delayMs: number;
  /** Failed turns in a row, this one included. */
  failures: number;
  /** False when the next turn is only a look for work, which must not keep the process alive. */
  urgent: boolean;
}

/**
 * When a kind runs next: at once (after the batch delay) when it has more or was woken during the turn; after
 * its interval when idle; after a doubling backoff, from the interval up to the cap, while its turns fail.
 */
export function nextTurn(end: TurnEnd, woken: boolean, failuresBefore: number, timing: KindTiming): NextTurn {
  if ('failed' in end) {
    const failures = failuresBefore + 1;
    const backoff = Math.min(timing.maxBackoffMs, timing.intervalMs * 2 ** (failures - 1));
    return woken ? { delayMs: timing.batchDelayMs, failures, urgent: true } : { delayMs: backoff, failures, urgent: false };
  }
  if (woken) return { delayMs: timing.batchDelayMs, failures: 0, urgent: true };
  if (end.result === 'more') return { delayMs: timing.moreDelayMs ?? timing.batchDelayMs, failures: 0, urgent: true };
  return { delayMs: timing.intervalMs, failures: 0, urgent: false };
}

/** Whether a wake should move a kind's planned turn (due at `dueAt`) earlier, to now plus the batch delay. */
export const wakeMovesTurn = (dueAt: number | undefined, now: number, batchDelayMs: number): boolean => dueAt === undefined || dueAt > now + batchDelayMs;
