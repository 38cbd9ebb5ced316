import { describe, expect, it } from 'vitest';
import { createEngineSupervisor, describeExit, type EngineChild, type EngineExit, type EngineReady, type SpawnRequest, type SupervisorState } from './engine-supervisor';
import type { RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 8_000, stableAfterMs: 60_000, maxQuickCrashes: 3 };

class FakeChild implements EngineChild {
  private ready?: (ready: EngineReady) => void;
  private exit?: (exit: EngineExit) => void;
  stopAsked = false;
  constructor(readonly pid: number) {}
  onReady(listener: (ready: EngineReady) => void) {
    this.ready = listener;
  }
  onExit(listener: (exit: EngineExit) => void) {
    this.exit = listener;
  }
  stop() {
    this.stopAsked = true;
  }
  serve(port: number) {
    this.ready?.({ url: `http://127.0.0.1:${port}/`, port });
  }
  die(exit: EngineExit) {
    this.exit?.(exit);
  }
}

/** A supervisor over fake children, with time run by hand. */
function harness() {
  let now = 0;
  const waits: { at: number; run: () => void; cancelled: boolean }[] = [];
  const children: FakeChild[] = [];
  const requests: SpawnRequest[] = [];
  const states: SupervisorState[] = [];
  const supervisor = createEngineSupervisor({
    policy,
    now: () => now,
    schedule: (delayMs, run) => {
      const wait = { at: now + delayMs, run, cancelled: false };
      waits.push(wait);
      return () => (wait.cancelled = true);
    },
    spawn: (request) => {
      requests.push(request);
      const child = new FakeChild(1000 + children.length);
      children.push(child);
      return child;
    },
    onState: (state) => states.push(state),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const wait of waits.splice(0)) {
      if (wait.cancelled) continue;
      if (wait.at <= now) wait.run();
      else waits.push(wait);
    }
  };
  const latest = () => children[children.length - 1] as FakeChild;
  return { supervisor, children, requests, states, advance, latest, pendingWaits: () => waits.filter((w) => !w.cancelled).map((w) => w.at - now) };
}

describe('engine supervisor', () => {
  it('restarts a killed engine process after a wait that grows with each quick crash, on the port the first one bound', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().serve(7400);
    await expect(started).resolves.toEqual({ started: true, ready: { url: 'http://127.0.0.1:7400/', port: 7400 } });
    expect(h.requests[0]).toEqual({ port: undefined, restarts: 0, lastExit: undefined });

    h.advance(5_000);
    h.latest().die({ code: null, signal: 'SIGKILL' });
    expect(h.supervisor.state()).toMatchObject({ phase: 'restarting', pid: undefined, lastExit: { signal: 'SIGKILL', uptimeMs: 5_000 } });
    expect(h.pendingWaits()).toEqual([500]);
    h.advance(500);
    expect(h.children).toHaveLength(2);
    expect(h.requests[1]).toMatchObject({ port: 7400, restarts: 1, lastExit: { signal: 'SIGKILL' } });
    h.latest().serve(7400);
    expect(h.supervisor.state()).toMatchObject({ phase: 'running', pid: 1001, restarts: 1 });

    h.latest().die({ code: 1, signal: null });
    expect(h.pendingWaits()).toEqual([1_000]);
  });

  it('gives up after too many quick crashes in a row and says so in its state', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().serve(7400);
    await started;
    for (let i = 0; i < 3; i++) {
      h.latest().die({ code: 1, signal: null });
      h.advance(h.pendingWaits()[0] ?? 0);
    }
    expect(h.children).toHaveLength(4);
    h.latest().die({ code: 1, signal: null });
    expect(h.supervisor.state()).toMatchObject({ phase: 'gave-up', restarts: 3 });
    expect(h.pendingWaits()).toEqual([]);
    await expect(h.supervisor.stop()).resolves.toEqual({ code: 1, signal: null });
  });

  it('counts from the first wait again after a run that lasted long enough to be healthy', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().serve(7400);
    await started;
    h.latest().die({ code: 1, signal: null });
    h.advance(500);
    h.latest().die({ code: 1, signal: null });
    h.advance(1_000);
    h.latest().serve(7400);
    h.advance(60_000);
    h.latest().die({ code: 1, signal: null });
    expect(h.pendingWaits()).toEqual([500]);
  });

  it('does not restart an engine that could not start the first time, and reports how it ended', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().die({ code: 1, signal: null });
    await expect(started).resolves.toEqual({ started: false, exit: { code: 1, signal: null } });
    expect(describeExit({ code: 1, signal: null })).toBe('exit code 1');
    expect(h.children).toHaveLength(1);
    expect(h.pendingWaits()).toEqual([]);
  });

  it('stops the running process gracefully and does not restart it when it exits', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().serve(7400);
    await started;
    const stopping = h.supervisor.stop();
    expect(h.latest().stopAsked).toBe(true);
    expect(h.supervisor.state().phase).toBe('stopping');
    h.latest().die({ code: 0, signal: null });
    await expect(stopping).resolves.toEqual({ code: 0, signal: null });
    expect(h.supervisor.state().phase).toBe('stopped');
    expect(h.pendingWaits()).toEqual([]);
    expect(h.children).toHaveLength(1);
  });

  it('stopped while waiting to restart, starts nothing more', async () => {
    const h = harness();
    const started = h.supervisor.start();
    h.latest().serve(7400);
    await started;
    h.latest().die({ code: null, signal: 'SIGKILL' });
    await expect(h.supervisor.stop()).resolves.toEqual({ code: 0, signal: null });
    h.advance(10_000);
    expect(h.children).toHaveLength(1);
    expect(h.states.map((s) => s.phase)).toEqual(['starting', 'running', 'restarting', 'stopped']);
  });
});
