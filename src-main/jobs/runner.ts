import type { Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Logger } from '../core/logger';
import { nextTurn, wakeMovesTurn, type TurnEnd, type TurnResult } from './turn-schedule';

/**
 * One kind of background work. Its durable state lives in SQLite, so a turn claims what it works on there and a
 * restarted engine resumes it in `resume`.
 */
export interface JobKind {
  kind: string;
  /** One turn: a bounded piece of work. 'more' runs the next turn at once, 'idle' after the interval. */
  tick(now: number, signal: AbortSignal): TurnResult | Promise<TurnResult>;
  /** How long an idle kind waits before it looks for work again. */
  intervalMs: number;
  /** The pause before a turn after 'more' or a wake (default 0: the next turn of the event loop). */
  batchDelayMs?: number;
  /** The pause before a turn after 'more' without a wake, when a backlog needs no gathering (default batchDelayMs). */
  moreDelayMs?: number;
  /** The longest wait after failed turns in a row (default ten times the interval). */
  maxBackoffMs?: number;
  /** Once when the runner starts, before the first turn: take back work a crash left claimed. */
  resume?(now: number): void;
  /** Once when the runner has stopped and no turn runs any more: let go of what the kind holds open. */
  stopped?(): void | Promise<void>;
}

export interface Runner {
  register(job: JobKind): void;
  /** Resumes every kind and runs each one's first turn. */
  start(): void;
  /** New work for a kind: its next turn runs at once (after its batch delay), or right after the running one. */
  wake(kind: string): void;
  /** Aborts the running turns, waits for them, and runs no more; the work stays claimed in SQLite for the next start. */
  stop(): Promise<void>;
}

interface KindState {
  job: JobKind;
  timer?: NodeJS.Timeout | undefined;
  dueAt?: number | undefined;
  turn?: Promise<void> | undefined;
  woken: boolean;
  failures: number;
}

/**
 * The engine's one home for background work: each kind runs one turn at a time, on a timer of its own,
 * and every turn starts on a fresh turn of the event loop so intake and HTTP keep answering in between.
 */
export function createRunner(deps: { clock: Clock; logger: Logger }): Runner {
  const kinds = new Map<string, KindState>();
  let controller = new AbortController();
  let started = false;

  const batchDelay = (job: JobKind): number => job.batchDelayMs ?? 0;

  function plan(state: KindState, delayMs: number, urgent: boolean): void {
    clearTimeout(state.timer);
    state.dueAt = performance.now() + delayMs;
    state.timer = setTimeout(() => run(state), delayMs);
    if (!urgent) state.timer.unref();
  }

  function run(state: KindState): void {
    state.timer = undefined;
    state.dueAt = undefined;
    if (!started) return;
    const { job } = state;
    const { signal } = controller;
    state.turn = (async () => {
      let end: TurnEnd;
      try {
        end = { result: await job.tick(deps.clock.now(), signal) };
      } catch (error) {
        end = { failed: true };
        if (!signal.aborted) deps.logger.log('error', 'background work failed; it is retried', { kind: job.kind, error: error instanceof Error ? error.name : 'unknown' });
      }
      state.turn = undefined;
      if (!started || signal.aborted) return;
      const next = nextTurn(end, state.woken, state.failures, { intervalMs: job.intervalMs, batchDelayMs: batchDelay(job), ...(job.moreDelayMs === undefined ? {} : { moreDelayMs: job.moreDelayMs }), maxBackoffMs: job.maxBackoffMs ?? job.intervalMs * 10 });
      state.woken = false;
      state.failures = next.failures;
      plan(state, next.delayMs, next.urgent);
    })();
  }

  return {
    register(job) {
      if (kinds.has(job.kind)) throw new AppError('conflict', 'JOB_KIND_REGISTERED', `The background work kind ${job.kind} is registered already`);
      const state: KindState = { job, woken: false, failures: 0 };
      kinds.set(job.kind, state);
      if (started) {
        job.resume?.(deps.clock.now());
        plan(state, 0, true);
      }
    },

    start() {
      if (started) return;
      started = true;
      controller = new AbortController();
      for (const state of kinds.values()) state.job.resume?.(deps.clock.now());
      for (const state of kinds.values()) plan(state, 0, true);
    },

    wake(kind) {
      const state = kinds.get(kind);
      if (!started || !state) return;
      if (state.turn) state.woken = true;
      else if (wakeMovesTurn(state.dueAt, performance.now(), batchDelay(state.job))) plan(state, batchDelay(state.job), true);
    },

    async stop() {
      if (!started) return;
      started = false;
      controller.abort();
      const turns: Promise<void>[] = [];
      for (const state of kinds.values()) {
        clearTimeout(state.timer);
        state.timer = undefined;
        state.dueAt = undefined;
        state.woken = false;
        if (state.turn) turns.push(state.turn);
      }
      await Promise.all(turns);
      await Promise.all([...kinds.values()].map((state) => state.job.stopped?.()));
    },
  };
}
