import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createIdGenerator } from '../core/ids';
import { createOutboundItemsRepo } from './outbound-items-repo';

describe('outbound delivery records', () => {
  const store = useTempStore();

  it('leave the shared connection at its own synchronous level (FULL for intake) after a claim and an outcome', () => {
    const sqlite = store().sqlite;
    sqlite.pragma('synchronous = FULL');
    const repo = createOutboundItemsRepo(sqlite, createIdGenerator(() => Date.now()));
    expect(repo.claim('OBI_NONE', Date.now())).toBeUndefined();
    repo.finish('OBI_NONE', 'OBA_NONE', { outcome: 'delivered' } as never, Date.now());
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });
});
