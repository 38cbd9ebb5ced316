import type { JournalProgress } from '../store/intake-journal';

export interface FilingBarrier {
  /** The processing thread filed a batch. */
  filed(): void;
  /**
   * Resolves once every message journaled before the call is filed into hl7_messages, or after `maxWaitMs`
   * (filing far behind under load, or not running): reads of the message log see what was ACKed before them.
   */
  caughtUp(): Promise<void>;
}

/** Read-your-writes for the message log: a sender's ACK comes before filing, a reader waits for it. */
export function createFilingBarrier(progress: Pick<JournalProgress, 'newest' | 'oldest' | 'uncountedResends'>, maxWaitMs = 2_000): FilingBarrier {
  let waiting: (() => void)[] = [];
  return {
    filed() {
      const woken = waiting;
      waiting = [];
      woken.forEach((wake) => wake());
    },
    async caughtUp() {
      const target = progress.newest();
      // Resends are counted by the whole batch: waiting for none left is enough while they are few.
      let resends = progress.uncountedResends();
      if (target === null && !resends) return;
      const deadline = performance.now() + maxWaitMs;
      for (;;) {
        const oldest = progress.oldest();
        resends &&= progress.uncountedResends();
        // Rows are filed in order; a row left for the next batch keeps the oldest at or below the target.
        if ((target === null || oldest === null || oldest > target) && !resends) return;
        const left = deadline - performance.now();
        if (left <= 0) return;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
