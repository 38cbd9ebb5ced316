import type { Worker } from 'node:worker_threads';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { spawnThread } from './spawn-thread';
import type { Runner } from '../jobs/runner';
import type { Hl7ProcessingRepo } from '../store/hl7-processing-repo';
import type { ProcessingSignal } from './intake';
import { PROCESSING_KIND } from './processing-worker';
import { messageSlot, type FromProcessingThread, type ProcessingThreadData, type ToProcessingThread } from './processing-thread-protocol';
import { createProcessingWaiters } from './processing-waiters';
import type { WriteGate } from './processing-write-gate';

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

const RESTART_BASE_MS = 100;
const RESTART_MAX_MS = 10_000;

/**
 * HL7 processing on its own thread, so mapping's CPU never holds up the event loop that frames, commits
 * and ACKs. This side is the runner's `hl7-processing` kind: the thread is spawned at once (it loads
 * while the engine starts), `resume` lets it process, each turn restarts it (with backoff) if it died, `stopped` asks it to finish and waits for its exit. Intake's
 * wake-ups are posted to it; what it settles answers senders waiting for an ACK after processing, and
 * each batch it commits publishes the change event. A thread that dies is logged (ids only) and
 * restarted; the message it was working on is recorded as failed once it has ended the thread
 * `maxCrashes` times.
 */
export function createProcessingThread(deps: ProcessingThreadDeps): ProcessingThread {
  const maxCrashes = deps.maxCrashes ?? 2;
  const current = messageSlot.create();
  const crashesOf = new Map<string, number>();
  let worker: Worker | undefined;
  let running = false;
  let restarts = 0;
  let restartAt = 0;
  let exited: Promise<void> = Promise.resolve();

  const post = (message: ToProcessingThread): void => worker?.postMessage(message);
  const notify = (): void => post({ type: 'wake' });
  const waiters = createProcessingWaiters(deps.repo, notify);
  let becameReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (becameReady = resolve));

  const onMessage = (message: FromProcessingThread): void => {
    if (message.type === 'settled') {
      restarts = 0;
      for (const [id, settlement] of message.settled) waiters.settle(id, settlement);
      deps.onChange();
    } else if (message.type === 'log') deps.logger.log(message.level, message.message, message.fields);
    else if (message.type === 'ready') becameReady();
  };

  /** The thread died while running: blame the message it was on, and plan the restart. */
  const died = (code: number): void => {
    const messageId = messageSlot.read(current);
    messageSlot.write(current, undefined);
    // Its transaction died with it: intake must not wait for it.
    deps.writeGate.release();
    const delayMs = Math.min(RESTART_BASE_MS * 2 ** restarts, RESTART_MAX_MS);
    restarts++;
    restartAt = deps.clock.now() + delayMs;
    deps.logger.log('error', 'processing thread ended unexpectedly; restarting it', { exitCode: code, message: messageId, restartInMs: delayMs });
    if (messageId === undefined) return;
    const crashes = (crashesOf.get(messageId) ?? 0) + 1;
    crashesOf.set(messageId, crashes);
    if (crashes < maxCrashes) return;
    crashesOf.delete(messageId);
    const reason = `processing this message ended the processing thread ${crashes} times`;
    if (deps.repo.recordFailure(messageId, deps.clock.now(), PROCESSING_CRASHED, reason)) {
      waiters.settle(messageId, { outcome: 'failed', reason: `${PROCESSING_CRASHED}: ${reason}` });
      deps.onChange();
    }
  };

  const spawn = (): void => {
    const data: ProcessingThreadData = { ...deps.thread, current, writeGate: deps.writeGate.buffer };
    const thread = spawnThread('processing-thread', 'messages/processing-thread-main.ts', data);
    worker = thread;
    if (running) thread.postMessage({ type: 'start' } satisfies ToProcessingThread);
    // Until the runner starts it, the thread keeps no process alive.
    else thread.unref();
    thread.on('message', onMessage);
    // An uncaught error ends the thread; 'exit' follows and handles it.
    thread.on('error', (error) => deps.logger.log('error', 'processing thread failed', { error: error.name }));
    exited = new Promise((resolve) => {
      thread.once('exit', (code) => {
        if (worker === thread) worker = undefined;
        if (running) died(code);
        resolve();
      });
    });
  };

  deps.runner.register({
    kind: PROCESSING_KIND,
    // Supervision only: the batches run on the thread's own runner.
    tick(now) {
      if (running && !worker && now >= restartAt) spawn();
      return 'idle';
    },
    intervalMs: RESTART_BASE_MS,
    resume() {
      running = true;
      if (!worker) return spawn();
      worker.ref();
      post({ type: 'start' });
    },
    async stopped() {
      running = false;
      await stopThread();
      waiters.stopAll();
      becameReady();
    },
  });

  /** Asks the thread to finish its batch, close its connection and exit; ends it if it has not within the timeout. */
  async function stopThread(): Promise<void> {
    const thread = worker;
    if (!thread) return;
    post({ type: 'stop' });
    const timer = setTimeout(() => void thread.terminate(), deps.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }

  // Started with the engine, so its own start (modules, FHIR definitions) overlaps the engine's; it processes from `resume`.
  spawn();
  return { notify, whenSettled: (messageId) => waiters.whenSettled(messageId, running), ready, close: () => (running ? Promise.resolve() : stopThread()) };
}
