import { describe, expect, it } from 'vitest';
import { decideRestart, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 4_000, stableAfterMs: 60_000, maxQuickCrashes: 5 };

describe('decideRestart', () => {
  it('restarts after a wait that doubles with each quick crash, up to the longest wait', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 5; i++) {
      const decision = decideRestart(policy, crashes, 1_000);
      if (decision.action !== 'restart') throw new Error('gave up too early');
      delays.push(decision.delayMs);
      crashes = decision.quickCrashes;
    }
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 4_000]);
  });

  it('gives up after the allowed number of quick crashes in a row', () => {
    expect(decideRestart(policy, 5, 1_000)).toEqual({ action: 'give-up', quickCrashes: 6 });
  });

  it('counts again from the first wait after a run that lasted long enough to be healthy', () => {
    expect(decideRestart(policy, 5, 60_000)).toEqual({ action: 'restart', delayMs: 500, quickCrashes: 1 });
  });
});
