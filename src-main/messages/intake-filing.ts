import type { Logger } from '../core/logger';
import type { Runner } from '../jobs/runner';
import type { IntakeFilingRepo } from '../store/intake-filing-repo';

export const FILING_KIND = 'hl7-filing';

export interface IntakeFilingDeps {
  runner: Runner;
  repo: IntakeFilingRepo;
  logger: Logger;
  /** After each batch that filed something: processing has new messages, and the log changed. */
  onFiled: () => void;
  batchSize?: number;
  /** How often the journal is looked at without a wake-up (rows left by a crash are filed at `resume`). */
  pollMs?: number;
  /** The pause between intake's wake-up and the batch (default 20 ms). */
  batchDelayMs?: number;
  /** As each batch starts, before it reads the journal. */
  onTurn?: () => void;
}

/**
 * Files what intake journaled into hl7_messages, in arrival order, as the `hl7-filing` kind of the runner
 * it is given (the processing thread's). Intake wakes it after each group it commits.
 */
export function createIntakeFiling(deps: IntakeFilingDeps): { wake(): void } {
  const batchSize = deps.batchSize ?? 500;
  deps.runner.register({
    kind: FILING_KIND,
    tick() {
      deps.onTurn?.();
      const { filed, controlIdReused } = deps.repo.fileBatch(batchSize);
      for (const id of controlIdReused) deps.logger.log('info', 'control id reused with different content; stored as its own message', { message: id });
      if (filed === 0) return 'idle';
      deps.onFiled();
      return filed === batchSize ? 'more' : 'idle';
    },
    intervalMs: deps.pollMs ?? 1000,
    // A few ms after a wake-up, so one batch (two commits, one fsync) files many groups.
    batchDelayMs: deps.batchDelayMs ?? 20,
  });
  return { wake: () => deps.runner.wake(FILING_KIND) };
}
