import type { Worker } from 'node:worker_threads';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Runner } from '../jobs/runner';
import { spawnThread } from './spawn-thread';

const RESTART_BASE_MS = 100;
const RESTART_MAX_MS = 10_000;

export interface SupervisedThreadOptions<Data, Out> {
  /** The runner kind that supervises it. */
  kind: string;
  /** The built entry's name and the source entry under src-main (see spawn-thread.ts). */
  name: string;
  sourceEntry: string;
  runner: Runner;
  clock: Clock;
  logger: Logger;
  /** What each spawned thread starts with. */
  data: () => Data;
  onMessage: (message: Out) => void;
  /** The thread died while running; it is restarted after `restartInMs`. */
  onDeath: (exitCode: number, restartInMs: number) => void;
  /** After the runner stopped and the thread exited. */
  onStopped?: () => void;
  /** How long stop waits for the thread to finish and close its connections before ending it (default 10 s). */
  stopTimeoutMs?: number;
  /** V8's young generation for the thread, in MB (spawn-thread.ts); Node's default when absent. */
  youngGenerationMb?: number;
}

export interface SupervisedThread<In> {
  post(message: In | { type: 'start' } | { type: 'stop' }): void;
  /** Started by the runner and not stopped. */
  running(): boolean;
  /** The thread did work: the next death restarts it after the shortest delay again. */
  healthy(): void;
  /** Ends a thread the runner never started (an engine start that failed part way); nothing otherwise. */
  close(): Promise<void>;
}

/**
 * One of the engine's worker threads under the runner: spawned at once (unreferenced, so it keeps no
 * process alive until started, while it imports and loads), started by the kind's `resume` with a `start`
 * message, restarted by the kind's turns after it dies (100 ms, doubling to 10 s while it keeps dying),
 * stopped with the runner by a `stop` message and terminated if it has not exited within the timeout.
 */
export function superviseThread<Data, In, Out>(options: SupervisedThreadOptions<Data, Out>): SupervisedThread<In> {
  let worker: Worker | undefined;
  let running = false;
  let restarts = 0;
  let restartAt = 0;
  let exited: Promise<void> = Promise.resolve();
  const post = (message: unknown): void => worker?.postMessage(message);

  const spawn = (): void => {
    const thread = spawnThread(options.name, options.sourceEntry, options.data(), options.youngGenerationMb);
    worker = thread;
    if (running) thread.postMessage({ type: 'start' });
    else thread.unref();
    thread.on('message', (message: Out) => options.onMessage(message));
    // An uncaught error ends the thread; 'exit' follows and handles it.
    thread.on('error', (error) => options.logger.log('error', `${options.name} failed`, { error: error.name }));
    exited = new Promise((resolve) => {
      thread.once('exit', (code) => {
        if (worker === thread) worker = undefined;
        if (running) {
          const delayMs = Math.min(RESTART_BASE_MS * 2 ** restarts, RESTART_MAX_MS);
          restarts++;
          restartAt = options.clock.now() + delayMs;
          options.onDeath(code, delayMs);
        }
        resolve();
      });
    });
  };

  async function stopThread(): Promise<void> {
    const thread = worker;
    if (!thread) return;
    post({ type: 'stop' });
    const timer = setTimeout(() => void thread.terminate(), options.stopTimeoutMs ?? 10_000);
    await exited;
    clearTimeout(timer);
  }

  options.runner.register({
    kind: options.kind,
    // Supervision only: the thread's work runs on its own runner.
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
      options.onStopped?.();
    },
  });

  spawn();
  return {
    post,
    running: () => running,
    healthy: () => (restarts = 0),
    close: () => (running ? Promise.resolve() : stopThread()),
  };
}
