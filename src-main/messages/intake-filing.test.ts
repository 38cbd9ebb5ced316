import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunner, type Runner } from '../jobs/runner';
import type { IntakeFilingRepo } from '../store/intake-filing-repo';
import { createIntakeFiling, MAIN_CHECKPOINT_EVERY_MS } from './intake-filing';

let runner: Runner | undefined;
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});

describe("filing's checkpoints of the main database", () => {
  it('come at most once a checkpoint interval, on busy and idle turns alike', async () => {
    let now = 0;
    let turns = 0;
    let filed = 500;
    const checkpoints: number[] = [];
    const repo: IntakeFilingRepo = {
      fileBatch: () => {
        turns += 1;
        return { filed, controlIdReused: [] };
      },
      waiting: () => 0,
      checkpointMain: () => checkpoints.push(now) > 0,
    };
    runner = createRunner({ clock: { now: () => now }, logger: { log: () => undefined } });
    createIntakeFiling({ runner, repo, logger: { log: () => undefined }, onFiled: () => undefined, pollMs: 1, batchDelayMs: 0, now: () => now });
    runner.start();
    const turnsPass = async (n: number): Promise<void> => {
      const until = turns + n;
      await vi.waitFor(() => expect(turns).toBeGreaterThanOrEqual(until));
    };

    await turnsPass(5);
    expect(checkpoints).toEqual([]);
    now = MAIN_CHECKPOINT_EVERY_MS;
    await turnsPass(5);
    expect(checkpoints).toEqual([MAIN_CHECKPOINT_EVERY_MS]);
    filed = 0;
    now = MAIN_CHECKPOINT_EVERY_MS * 1.5;
    await turnsPass(3);
    expect(checkpoints).toHaveLength(1);
    now = MAIN_CHECKPOINT_EVERY_MS * 2.5;
    await turnsPass(3);
    expect(checkpoints).toEqual([MAIN_CHECKPOINT_EVERY_MS, MAIN_CHECKPOINT_EVERY_MS * 2.5]);
  });
});
