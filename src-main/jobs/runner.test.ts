import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../core/logger';
import { createRunner, type JobKind, type Runner } from './runner';
import type { TurnResult } from './turn-schedule';

const clock = { now: () => Date.now() };
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

function started(jobs: JobKind[], logger: Logger = { log: () => undefined }): Runner {
  runner = createRunner({ clock, logger });
  jobs.forEach((job) => runner?.register(job));
  runner.start();
  return runner;
}

/** A kind whose turns report the given results in order, then 'idle'. */
function scripted(results: TurnResult[], intervalMs = 60_000): JobKind & { turns: number } {
  const job = {
    kind: 'scripted',
    intervalMs,
    turns: 0,
    tick: () => {
      job.turns += 1;
      return results.shift() ?? 'idle';
    },
  };
  return job;
}

describe('the background runner', () => {
  it('resumes each kind before its first turn, then runs turns back to back while there is more', async () => {
    const calls: string[] = [];
    const job = scripted(['more', 'more']);
    started([{ ...job, resume: () => void calls.push('resume'), tick: (now, signal) => (calls.push('tick'), job.tick(now, signal)) }]);
    await pause(50);
    expect(calls).toEqual(['resume', 'tick', 'tick', 'tick']);
  });

  it('runs an idle kind again when woken, and not before its interval otherwise', async () => {
    const job = scripted([]);
    const r = started([job]);
    await pause(30);
    expect(job.turns).toBe(1);
    r.wake('scripted');
    await pause(30);
    expect(job.turns).toBe(2);
  });

  it('runs one turn at a time per kind, and a wake during a turn runs one more turn after it', async () => {
    let running = 0;
    let overlapped = false;
    let turns = 0;
    const r = started([{
      kind: 'slow',
      intervalMs: 60_000,
      async tick(): Promise<TurnResult> {
        turns += 1;
        overlapped ||= running > 0;
        running += 1;
        await pause(20);
        running -= 1;
        return 'idle';
      },
    }]);
    await pause(5);
    r.wake('slow');
    r.wake('slow');
    await pause(80);
    expect(overlapped).toBe(false);
    expect(turns).toBe(2);
  });

  it('on stop aborts the running turn, waits for it, runs no more turns and then tells each kind', async () => {
    const calls: string[] = [];
    const r = started([{
      kind: 'long',
      intervalMs: 1,
      async tick(_now, signal): Promise<TurnResult> {
        calls.push('tick');
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        await pause(10);
        calls.push('tick done');
        return 'more';
      },
      stopped: () => void calls.push('stopped'),
    }]);
    await pause(10);
    await r.stop();
    expect(calls).toEqual(['tick', 'tick done', 'stopped']);
    r.wake('long');
    await pause(20);
    expect(calls).toHaveLength(3);
  });

  it('logs a failed turn by kind and retries it after a backoff of its interval', async () => {
    const logged: unknown[] = [];
    const turnsAt: number[] = [];
    started([{
      kind: 'flaky',
      intervalMs: 40,
      tick() {
        turnsAt.push(performance.now());
        if (turnsAt.length === 1) throw new RangeError('boom');
        return 'idle';
      },
    }], { log: (...entry) => void logged.push(entry) });
    while (turnsAt.length < 2) await pause(5);
    expect((turnsAt[1] as number) - (turnsAt[0] as number)).toBeGreaterThanOrEqual(38);
    expect(logged).toEqual([['error', 'background work failed; it is retried', { kind: 'flaky', error: 'RangeError' }]]);
  });

  it('refuses a second kind of the same name', () => {
    const r = createRunner({ clock, logger: { log: () => undefined } });
    r.register(scripted([]));
    expect(() => r.register(scripted([]))).toThrow(expect.objectContaining({ code: 'JOB_KIND_REGISTERED' }));
  });
});
