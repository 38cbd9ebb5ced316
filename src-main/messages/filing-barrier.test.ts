import { describe, expect, it } from 'vitest';
import { createFilingBarrier } from './filing-barrier';

/** A journal of sequence numbers, filed oldest first. */
function journal(rows: number[], resends = false) {
  const state = { rows: [...rows], resends };
  return {
    state,
    progress: {
      newest: () => (state.rows.length === 0 ? null : Math.max(...state.rows)),
      oldest: () => (state.rows.length === 0 ? null : Math.min(...state.rows)),
      uncountedResends: () => state.resends,
    },
  };
}

describe('the message log waiting for filing', () => {
  it('answers at once when nothing waits to be filed', async () => {
    const { progress } = journal([]);
    const started = performance.now();
    await createFilingBarrier(progress, 5_000).caughtUp();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('waits until every row journaled before the read is filed, not for rows journaled after it', async () => {
    const { state, progress } = journal([1, 2]);
    const barrier = createFilingBarrier(progress, 60_000);
    let done = false;
    const read = barrier.caughtUp().then(() => (done = true));
    state.rows.push(3);
    state.rows = state.rows.filter((seq) => seq > 1);
    barrier.filed();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    state.rows = state.rows.filter((seq) => seq > 2);
    barrier.filed();
    await read;
    expect(state.rows).toEqual([3]);
  });

  it('waits for resends of filed messages to be counted', async () => {
    const { state, progress } = journal([], true);
    const barrier = createFilingBarrier(progress, 60_000);
    let done = false;
    const read = barrier.caughtUp().then(() => (done = true));
    barrier.filed();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    state.resends = false;
    barrier.filed();
    await read;
  });

  it('gives up after its longest wait when filing does not catch up', async () => {
    const { progress } = journal([1]);
    await createFilingBarrier(progress, 30).caughtUp();
  });
});
