import { and, eq } from 'drizzle-orm';
import { syncStates } from '../../db/schema';
import type { Db } from './open-store';

export type SyncStateRow = typeof syncStates.$inferSelect;
export type SyncStateKey = Pick<SyncStateRow, 'tenantId' | 'peer' | 'resourceType' | 'resourceId'>;

/** The last synced state of each resource per upstream server (db/schema/sync.ts). */
export interface SyncStatesRepo {
  find(key: SyncStateKey): SyncStateRow | undefined;
  /** Inserts or replaces the resource's state. */
  save(row: SyncStateRow): void;
}

export function createSyncStatesRepo(db: Db): SyncStatesRepo {
  const byKey = (k: SyncStateKey) =>
    and(eq(syncStates.tenantId, k.tenantId), eq(syncStates.peer, k.peer), eq(syncStates.resourceType, k.resourceType), eq(syncStates.resourceId, k.resourceId));
  return {
    find: (key) => db.select().from(syncStates).where(byKey(key)).get(),
    save(row) {
      const { tenantId: _t, peer: _p, resourceType: _r, resourceId: _i, ...rest } = row;
      db.insert(syncStates).values(row).onConflictDoUpdate({ target: [syncStates.tenantId, syncStates.peer, syncStates.resourceType, syncStates.resourceId], set: rest }).run();
    },
  };
}
