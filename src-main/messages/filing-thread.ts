import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Runner } from '../jobs/runner';
import type { FilingThreadData, FromFilingThread, ToFilingThread } from './filing-thread-protocol';
import type { WriteGate } from './processing-write-gate';
import { superviseThread } from './supervised-thread';

export const FILING_THREAD_KIND = 'hl7-filing-thread';

export interface FilingThreadDeps {
  runner: Runner;
  clock: Clock;
  logger: Logger;
  thread: Omit<FilingThreadData, 'journalGate' | 'doorbell'>;
  /** Intake's priority on the journal's write lock; shared with the thread. */
  journalGate: WriteGate;
  /** After each batch the thread filed. */
  onFiled: () => void;
  stopTimeoutMs?: number;
}

export interface FilingThread {
  /** Intake journaled messages: file them now. */
  wake(): void;
  /** Ends a thread the runner never started (an engine start that failed part way). */
  close(): Promise<void>;
}

/**
 * Filing (store/intake-filing-repo.ts) on a thread of its own, supervised as the runner's
 * `hl7-filing-thread` kind (supervised-thread.ts): what a thread that died was filing stays in the journal
 * and is filed again by the next one, without a second row. Intake rings a doorbell cell shared with the
 * thread: a wake-up is posted only when none is waiting, so one `postMessage` serves every group
 * committed before the next batch reads the journal.
 */
export function createFilingThread(deps: FilingThreadDeps): FilingThread {
  const doorbell = new SharedArrayBuffer(4);
  const rung = new Int32Array(doorbell);
  const thread = superviseThread<FilingThreadData, ToFilingThread, FromFilingThread>({
    kind: FILING_THREAD_KIND,
    name: 'filing-thread',
    sourceEntry: 'messages/filing-thread-main.ts',
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: deps.stopTimeoutMs }),
    data: () => {
      // A wake-up posted to a thread that died was never taken.
      Atomics.store(rung, 0, 0);
      return { ...deps.thread, journalGate: deps.journalGate.buffer, doorbell };
    },
    onMessage: (message) => {
      if (message.type === 'filed') {
        thread.healthy();
        deps.onFiled();
      } else if (message.type === 'log') deps.logger.log(message.level, message.message, message.fields);
    },
    onDeath: (exitCode, restartInMs) => {
      // Its journal transaction died with it: intake must not wait for it.
      deps.journalGate.release();
      deps.logger.log('error', 'filing thread ended unexpectedly; restarting it', { exitCode, restartInMs });
    },
  });
  return {
    wake: () => {
      if (Atomics.exchange(rung, 0, 1) === 0) thread.post({ type: 'wake' });
    },
    close: () => thread.close(),
  };
}
