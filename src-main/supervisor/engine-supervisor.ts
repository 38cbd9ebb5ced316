import { decideRestart, type RestartPolicy } from './restart-policy';

/** What an engine process says once it serves: its console address and the HTTP port it bound. */
export interface EngineReady {
  url: string;
  port: number;
}

/** How an engine process ended: its exit code, or the signal that killed it. */
export interface EngineExit {
  code: number | null;
  signal: string | null;
}

/** One engine process, as the supervisor sees it (a Node child process headless, an Electron utility process on the desktop). */
export interface EngineChild {
  readonly pid: number | undefined;
  onReady(listener: (ready: EngineReady) => void): void;
  onExit(listener: (exit: EngineExit) => void): void;
  /** Asks it to stop the way SIGTERM does: finish what it is writing, then exit. */
  stop(): void;
}

/** What the next engine process is told: the port the first one bound (so the console's address stays), and its history. */
export interface SpawnRequest {
  port: number | undefined;
  restarts: number;
  lastExit: LastExit | undefined;
}

export interface LastExit extends EngineExit {
  at: number;
  uptimeMs: number;
}

export type SupervisorPhase = 'starting' | 'running' | 'restarting' | 'stopping' | 'stopped' | 'gave-up';

export interface SupervisorState {
  phase: SupervisorPhase;
  pid: number | undefined;
  url: string | undefined;
  restarts: number;
  lastExit: LastExit | undefined;
  /** While restarting: when the next process starts. */
  nextStartAt: number | undefined;
}

export interface SupervisorOptions {
  spawn: (request: SpawnRequest) => EngineChild;
  policy: RestartPolicy;
  now: () => number;
  /** setTimeout's shape, so tests can run time themselves; returns a cancel. */
  schedule: (delayMs: number, run: () => void) => () => void;
  onState?: (state: SupervisorState) => void;
}

export interface EngineSupervisor {
  /** Starts the first engine process; `started: false` with its exit when it ends before it serves (a usage error, a taken port): nothing is restarted then. */
  start(): Promise<StartOutcome>;
  /** Stops the running process (or the wait for the next one) and resolves with how the last one ended. */
  stop(): Promise<EngineExit>;
  state(): SupervisorState;
}

export type StartOutcome = { started: true; ready: EngineReady } | { started: false; exit: EngineExit };

/** Human words for an exit: "exit code 1", "killed by SIGKILL". */
export const describeExit = (exit: EngineExit): string => (exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code ?? 'unknown'}`);

/**
 * Keeps one engine process running: starts it, restarts it with a growing wait when it dies (a crash or
 * a kill never needs a person), gives up after too many quick crashes in a row and says so, and stops it
 * gracefully on request. The first start's failure is the caller's to report (nothing to restart yet).
 */
export function createEngineSupervisor(options: SupervisorOptions): EngineSupervisor {
  const state: SupervisorState = { phase: 'starting', pid: undefined, url: undefined, restarts: 0, lastExit: undefined, nextStartAt: undefined };
  let port: number | undefined;
  let quickCrashes = 0;
  let cancelWait: (() => void) | undefined;
  let stopped: ((exit: EngineExit) => void) | undefined;
  let stopping: Promise<EngineExit> | undefined;
  let finalExit: EngineExit = { code: 0, signal: null };
  let current: EngineChild | undefined;

  const publish = (changes: Partial<SupervisorState>): void => {
    Object.assign(state, changes);
    options.onState?.({ ...state });
  };

  function launch(first?: (outcome: StartOutcome) => void): void {
    const startedAt = options.now();
    let served = false;
    const child = options.spawn({ port, restarts: state.restarts, lastExit: state.lastExit });
    publish({ phase: state.phase === 'stopping' ? 'stopping' : 'starting', pid: child.pid, nextStartAt: undefined });
    child.onReady((ready) => {
      served = true;
      port ??= ready.port;
      if (state.phase !== 'stopping') publish({ phase: 'running', url: ready.url });
      first?.({ started: true, ready });
    });
    child.onExit((exit) => {
      finalExit = exit;
      if (state.phase === 'stopping') {
        publish({ phase: 'stopped', pid: undefined });
        stopped?.(exit);
        return;
      }
      if (first && !served) {
        publish({ phase: 'stopped', pid: undefined });
        first({ started: false, exit });
        return;
      }
      const lastExit: LastExit = { ...exit, at: options.now(), uptimeMs: options.now() - startedAt };
      const decision = decideRestart(options.policy, quickCrashes, lastExit.uptimeMs);
      quickCrashes = decision.quickCrashes;
      if (decision.action === 'give-up') {
        publish({ phase: 'gave-up', pid: undefined, lastExit });
        stopped?.(exit);
        return;
      }
      publish({ phase: 'restarting', pid: undefined, lastExit, nextStartAt: lastExit.at + decision.delayMs });
      cancelWait = options.schedule(decision.delayMs, () => {
        cancelWait = undefined;
        publish({ restarts: state.restarts + 1 });
        launch();
      });
    });
    current = child;
  }

  return {
    start: () => new Promise((settle) => launch(settle)),
    stop() {
      if (stopping) return stopping;
      stopping = new Promise<EngineExit>((done) => {
        if (state.phase === 'stopped' || state.phase === 'gave-up') return done(finalExit);
        stopped = done;
        if (cancelWait) {
          cancelWait();
          cancelWait = undefined;
          publish({ phase: 'stopped', nextStartAt: undefined });
          return done({ code: 0, signal: null });
        }
        publish({ phase: 'stopping' });
        current?.stop();
      });
      return stopping;
    },
    state: () => ({ ...state }),
  };
}
