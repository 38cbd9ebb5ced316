import { describe, expect, it } from 'vitest';
import { nextTurn, wakeMovesTurn, type KindTiming } from './turn-schedule';

const timing: KindTiming = { intervalMs: 1000, batchDelayMs: 10, maxBackoffMs: 5000 };

describe('when a kind of background work runs next', () => {
  it('runs again after the batch delay while a turn reports more', () => {
    expect(nextTurn({ result: 'more' }, false, 0, timing)).toEqual({ delayMs: 10, failures: 0, urgent: true });
  });

  it('goes on with a backlog after its own more-delay, while a wake still waits the batch delay to gather', () => {
    const backlog = { ...timing, moreDelayMs: 0 };
    expect(nextTurn({ result: 'more' }, false, 0, backlog)).toEqual({ delayMs: 0, failures: 0, urgent: true });
    expect(nextTurn({ result: 'more' }, true, 0, backlog)).toEqual({ delayMs: 10, failures: 0, urgent: true });
    expect(nextTurn({ result: 'idle' }, true, 0, backlog)).toEqual({ delayMs: 10, failures: 0, urgent: true });
  });

  it('waits its interval when idle, without keeping the process alive', () => {
    expect(nextTurn({ result: 'idle' }, false, 0, timing)).toEqual({ delayMs: 1000, failures: 0, urgent: false });
  });

  it('runs again at once when woken during an idle turn, since the wake may have come after the turn looked', () => {
    expect(nextTurn({ result: 'idle' }, true, 0, timing)).toEqual({ delayMs: 10, failures: 0, urgent: true });
  });

  it('backs off from the interval, doubling per failure in a row up to the cap, and a success resets it', () => {
    expect(nextTurn({ failed: true }, false, 0, timing).delayMs).toBe(1000);
    expect(nextTurn({ failed: true }, false, 1, timing).delayMs).toBe(2000);
    expect(nextTurn({ failed: true }, false, 2, timing)).toEqual({ delayMs: 4000, failures: 3, urgent: false });
    expect(nextTurn({ failed: true }, false, 9, timing).delayMs).toBe(5000);
    expect(nextTurn({ result: 'idle' }, false, 9, timing).failures).toBe(0);
  });

  it('moves a planned turn earlier on a wake only when it is due later than the batch delay', () => {
    expect(wakeMovesTurn(undefined, 100, 10)).toBe(true);
    expect(wakeMovesTurn(1100, 100, 10)).toBe(true);
    expect(wakeMovesTurn(105, 100, 10)).toBe(false);
  });
});
