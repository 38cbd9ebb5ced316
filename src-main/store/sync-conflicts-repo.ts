import { and, desc, eq, type SQL } from 'drizzle-orm';
import { syncConflicts } from '../../db/schema';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';

export type SyncConflictRow = typeof syncConflicts.$inferSelect;
export type OpenConflict = Omit<SyncConflictRow, 'status' | 'resolvedAt' | 'resolvedBy' | 'resolution'>;

export interface SyncConflictFilter {
  status?: string | undefined;
  jobId?: string | undefined;
  resourceType?: string | undefined;
}

/** Sync conflicts left for an operator (db/schema/sync.ts). */
export interface SyncConflictsRepo {
  list(tenantId: string, filter: SyncConflictFilter, page: PageRequest): Page<SyncConflictRow>;
  findById(id: string): SyncConflictRow | undefined;
  /** The open conflict of a resource with an upstream server, if any. */
  openFor(tenantId: string, peer: string, resourceType: string, resourceId: string): SyncConflictRow | undefined;
  /** Opens a conflict, or refreshes the resource's open one with both sides as they are now (it keeps its id). */
  open(row: OpenConflict): SyncConflictRow;
  /** Marks an open conflict resolved; false when it was not open any more. */
  resolve(id: string, resolution: { resolvedAt: number; resolvedBy: string; resolution: string }): boolean;
  /** Opens a resolved conflict again (its resolution could not be written). */
  reopen(id: string): void;
}

export function createSyncConflictsRepo(db: Db): SyncConflictsRepo {
  const where = (tenantId: string, f: SyncConflictFilter): SQL | undefined =>
    and(
      eq(syncConflicts.tenantId, tenantId),
      f.status ? eq(syncConflicts.status, f.status) : undefined,
      f.jobId ? eq(syncConflicts.jobId, f.jobId) : undefined,
      f.resourceType ? eq(syncConflicts.resourceType, f.resourceType) : undefined,
    );
  const openFor = (tenantId: string, peer: string, resourceType: string, resourceId: string) =>
    db
      .select()
      .from(syncConflicts)
      .where(and(eq(syncConflicts.tenantId, tenantId), eq(syncConflicts.peer, peer), eq(syncConflicts.resourceType, resourceType), eq(syncConflicts.resourceId, resourceId), eq(syncConflicts.status, 'open')))
      .get();
  return {
    list: (tenantId, filter, page) => pagedList(db, syncConflicts, where(tenantId, filter), [desc(syncConflicts.detectedAt), desc(syncConflicts.id)], page),
    findById: (id) => db.select().from(syncConflicts).where(eq(syncConflicts.id, id)).get(),
    openFor,
    open(row) {
      const existing = openFor(row.tenantId, row.peer, row.resourceType, row.resourceId);
      if (existing) {
        const { id: _id, ...fresh } = row;
        return db.update(syncConflicts).set(fresh).where(eq(syncConflicts.id, existing.id)).returning().get();
      }
      return db.insert(syncConflicts).values({ ...row, status: 'open' }).returning().get();
    },
    resolve(id, resolution) {
      const done = db
        .update(syncConflicts)
        .set({ status: 'resolved', ...resolution })
        .where(and(eq(syncConflicts.id, id), eq(syncConflicts.status, 'open')))
        .run();
      return done.changes === 1;
    },
    reopen(id) {
      db.update(syncConflicts).set({ status: 'open', resolvedAt: null, resolvedBy: null, resolution: null }).where(eq(syncConflicts.id, id)).run();
    },
  };
}
