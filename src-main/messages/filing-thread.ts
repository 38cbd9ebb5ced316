import type { Worker } from 'node:worker_threads';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import { spawnThread } from './spawn-thread';
import type { Runner } from '../jobs/runner';
import type { FilingThreadData, FromFilingThread, ToFilingThread } from './filing-thread-protocol';
import type { WriteGate } from './processing-write-gate';

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

const RESTART_BASE_MS = 100;
const RESTART_MAX_MS = 10_000;

/**
 * Filing (store/intake-filing-repo.ts) on a thread of its own, supervised as the runner's
 * `hl7-filing-thread` kind: spawned at once, filing from `resume`, restarted with backoff if it dies (what
 * it was filing stays in the journal and is filed again, without a second row), stopped with the runner.
 */
export function createFilingThread(deps: FilingThreadDeps): FilingThread {
  let worker: Worker | undefined;
  let running = false;
  let restarts = 0;
  let restartAt = 0;
  let exited: Promise<void> = Promise.resolve();
  const doorbell = new SharedArrayBuffer(4);
  const rung = new Int32Array(doorbell);
  const post = (message: ToFilingThread): void => worker?.postMessage(message);

  const onMessage = (message: FromFilingThread): void => {
    if (message.type === 'filed') {
      restarts = 0;
      deps.onFiled();
    } else if (message.type === 'log') deps.logger.log(message.level, message.message, message.fields);
  };

  const spawn = (): void => {
    // A wake-up posted to a thread that died was never taken.
    Atomics.store(rung, 0, 0);
    const data: FilingThreadData = { ...deps.thread, journalGate: deps.journalGate.buffer, doorbell };
    const thread = spawnThread('filing-thread', 'messages/filing-thread-main.ts', data);
    worker = thread;
    if (running) thread.postMessage({ type: 'start' } satisfies ToFilingThread);
    else thread.unref();
    thread.on('message', onMessage);
    thread.on('error', (error) => deps.logger.log('error', 'filing thread failed', { error: error.name }));
    exited = new Promise((resolve) => {
      thread.once('exit', (code) => {
        if (worker === thread) worker = undefined;
        if (running) {
          // Its journal transaction died with it: intake must not wait for it.
          deps.journalGate.release();
          const delayMs = Math.min(RESTART_BASE_MS * 2 ** restarts, RESTART_MAX_MS);
          restarts++;
          restartAt = deps.clock.now() + delayMs;
          deps.logger.log('error', 'filing thread ended unexpectedly; restarting it', { exitCode: code, restartInMs: delayMs });
        }
        resolve();
      });
    });
  };

  async function stopThread(): Promise<void> {
    const thread = worker;
    if (!thread) return;
    post({ type: 'stop' });
    const timer = setTimeout(() => void thread.terminate(), deps.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }

  deps.runner.register({
    kind: FILING_THREAD_KIND,
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
    },
  });

  spawn();
  const wake = (): void => {
    if (worker && Atomics.exchange(rung, 0, 1) === 0) post({ type: 'wake' });
  };
  return { wake, close: () => (running ? Promise.resolve() : stopThread()) };
}
