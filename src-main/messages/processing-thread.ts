import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Runner } from '../jobs/runner';
import type { Hl7ProcessingRepo } from '../store/hl7-processing-repo';
import type { ProcessingSignal } from './intake';
import { PROCESSING_KIND } from './processing-worker';
import { messageSlot, type FromProcessingThread, type ProcessingThreadData, type ToProcessingThread } from './processing-thread-protocol';
import { createProcessingWaiters, type ProcessingTally } from './processing-waiters';
import type { WriteGate } from './processing-write-gate';
import { superviseThread } from './supervised-thread';

/** The code a message's attempt records when processing it ended the processing thread. */
export const PROCESSING_CRASHED = 'INTEROP_PROCESSING_CRASHED';

export interface ProcessingThreadDeps {
  runner: Runner;
  /** The engine thread's connection: stored outcomes for waiting senders, and the record of a message that crashed the thread. */
  repo: Pick<Hl7ProcessingRepo, 'outcomeOf' | 'recordFailure'>;
  clock: Clock;
  logger: Logger;
  /** After each batch the thread committed (the change feed). */
  onChange: () => void;
  /** Each committed batch's processed and failed attempts per connector, and a message recorded failed for crashing the thread (metrics). */
  onTally?: (tally: readonly ProcessingTally[]) => void;
  thread: Omit<ProcessingThreadData, 'current' | 'writeGate'>;
  /** Intake's priority on the write lock; shared with the thread. */
  writeGate: WriteGate;
  /** A message that was being processed when the thread died this many times is recorded as failed, not tried again. */
  maxCrashes?: number;
  /** How long stop waits for the thread to finish its batch and close its connection before ending it. */
  stopTimeoutMs?: number;
}

export interface ProcessingThread extends ProcessingSignal {
  /** Resolves once a processing thread has its FHIR definitions loaded and processes, or processing stopped first. */
  ready: Promise<void>;
  /** Ends a thread the runner never started (an engine start that failed part way); nothing otherwise. */
  close(): Promise<void>;
}

/**
 * HL7 processing on its own thread, so mapping's CPU never holds up the event loop that frames, commits
 * and ACKs. This side is the runner's `hl7-processing` kind, a supervised thread (supervised-thread.ts:
 * spawned at once so it loads while the engine starts, processing from `resume`, restarted with backoff
 * if it dies, stopped with the runner). Filing's and reprocess's wake-ups are posted to it; what it settles answers senders waiting for an ACK after processing, and
 * each batch it commits publishes the change event. A thread that dies is logged (ids only) and
 * restarted; the message it was working on is recorded as failed once it has ended the thread
 * `maxCrashes` times.
 */
export function createProcessingThread(deps: ProcessingThreadDeps): ProcessingThread {
  const maxCrashes = deps.maxCrashes ?? 2;
  const current = messageSlot.create();
  const crashesOf = new Map<string, number>();
  let becameReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (becameReady = resolve));

  /** The thread died while running: blame the message it was on (the restart is planned by the supervisor). */
  const died = (exitCode: number, restartInMs: number): void => {
    const messageId = messageSlot.read(current);
    messageSlot.write(current, undefined);
    // Its transaction died with it: intake must not wait for it.
    deps.writeGate.release();
    deps.logger.log('error', 'processing thread ended unexpectedly; restarting it', { exitCode, message: messageId, restartInMs });
    if (messageId === undefined) return;
    const crashes = (crashesOf.get(messageId) ?? 0) + 1;
    crashesOf.set(messageId, crashes);
    if (crashes < maxCrashes) return;
    crashesOf.delete(messageId);
    const reason = `processing this message ended the processing thread ${crashes} times`;
    const failed = deps.repo.recordFailure(messageId, deps.clock.now(), PROCESSING_CRASHED, reason);
    if (failed) {
      deps.onTally?.([[failed.tenantId, failed.connectorId, 0, 1]]);
      waiters.settle(messageId, { outcome: 'failed', reason: `${PROCESSING_CRASHED}: ${reason}` });
      deps.onChange();
    }
  };

  const thread = superviseThread<ProcessingThreadData, ToProcessingThread, FromProcessingThread>({
    kind: PROCESSING_KIND,
    name: 'processing-thread',
    sourceEntry: 'messages/processing-thread-main.ts',
    // Mapping a message allocates megabytes of short-lived objects: with a 128 MB young generation (V8 grows it as needed) the drain ran 64–86 mapped ORU^R01/s against 58–63 at the default.
    youngGenerationMb: 128,
    runner: deps.runner,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.stopTimeoutMs === undefined ? {} : { stopTimeoutMs: deps.stopTimeoutMs }),
    data: () => ({ ...deps.thread, current, writeGate: deps.writeGate.buffer }),
    onMessage: (message) => {
      if (message.type === 'settled') {
        thread.healthy();
        for (const [id, settlement] of message.settled) waiters.settle(id, settlement);
        deps.onTally?.(message.tally);
        deps.onChange();
      } else if (message.type === 'log') deps.logger.log(message.level, message.message, message.fields);
      else if (message.type === 'ready') becameReady();
    },
    onDeath: died,
    onStopped: () => {
      waiters.stopAll();
      becameReady();
    },
  });
  const notify = (): void => thread.post({ type: 'wake' });
  const waiters = createProcessingWaiters(deps.repo, notify);

  // Started with the engine, so its own start (modules, FHIR definitions) overlaps the engine's; it processes from `resume`.
  return { notify, whenSettled: (messageId) => waiters.whenSettled(messageId, thread.running()), ready, close: () => thread.close() };
}
