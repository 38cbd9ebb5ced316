import { describe, expect, it } from 'vitest';
import { createTurnMemo } from './turn-memo';

describe('turn memo', () => {
  it('loads a key once within a turn, again in the next turn, and every time outside one', () => {
    const turn = createTurnMemo();
    let loads = 0;
    const read = (): number => turn.memo('k', () => ++loads);
    expect(turn.within(() => [read(), read(), read()])).toEqual([1, 1, 1]);
    expect(turn.within(() => [read(), read()])).toEqual([2, 2]);
    expect([read(), read()]).toEqual([3, 4]);
  });

  it('forgets what a turn loaded when the turn throws, and keeps one cache through a nested within', () => {
    const turn = createTurnMemo();
    let loads = 0;
    const read = (): number => turn.memo('k', () => ++loads);
    expect(() => turn.within(() => {
      read();
      throw new Error('turn failed');
    })).toThrow('turn failed');
    expect(turn.within(() => [read(), turn.within(read)])).toEqual([2, 2]);
  });
});
