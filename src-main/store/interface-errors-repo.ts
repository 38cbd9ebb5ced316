import { and, count, desc, eq, gte, inArray, lte, max, min, sql, type SQL } from 'drizzle-orm';
import { interfaceErrors } from '../../db/schema';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';

export type InterfaceErrorRow = typeof interfaceErrors.$inferSelect;

export interface InterfaceErrorFilter {
  status?: string | undefined;
  connectorId?: string | undefined;
  code?: string | undefined;
  causeKey?: string | undefined;
  source?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

export interface InterfaceErrorGroupRow {
  causeKey: string;
  cause: string;
  code: string;
  /** Comma-separated, distinct. */
  sources: string;
  connectorIds: string | null;
  count: number;
  firstSeenAt: number;
  lastSeenAt: number;
  sampleErrorId: string;
}

/** What a bulk action needs of each open error it takes. */
export type OpenErrorRef = Pick<InterfaceErrorRow, 'id' | 'source' | 'messageId' | 'outboundItemId'>;

/** The console's reads of interface errors and the operator's status changes; the errors themselves come from `InterfaceErrorWriter`. */
export interface InterfaceErrorsRepo {
  list(tenantId: string, filter: InterfaceErrorFilter, page: PageRequest): Page<InterfaceErrorRow>;
  /** Errors of `filter.status` per cause, the most recently seen cause first. */
  groups(tenantId: string, filter: InterfaceErrorFilter, page: PageRequest): Page<InterfaceErrorGroupRow>;
  findById(id: string): InterfaceErrorRow | undefined;
  /** Open errors matching the filter, oldest first, up to `limit`. */
  openMatching(tenantId: string, filter: Omit<InterfaceErrorFilter, 'status'>, limit: number): OpenErrorRef[];
  /** open → `status` for those of `ids` still open; answers how many changed. */
  close(ids: readonly string[], status: 'resolved' | 'ignored' | 'reprocessed', now: number): number;
}

const CLOSE_CHUNK = 500;

export function createInterfaceErrorsRepo(db: Db): InterfaceErrorsRepo {
  const t = interfaceErrors;
  const where = (tenantId: string, f: InterfaceErrorFilter): SQL | undefined =>
    and(
      eq(t.tenantId, tenantId),
      f.status !== undefined ? eq(t.status, f.status) : undefined,
      f.causeKey !== undefined ? eq(t.causeKey, f.causeKey) : undefined,
      f.connectorId !== undefined ? eq(t.connectorId, f.connectorId) : undefined,
      f.code !== undefined ? eq(t.code, f.code) : undefined,
      f.source !== undefined ? eq(t.source, f.source) : undefined,
      f.from !== undefined ? gte(t.createdAt, f.from) : undefined,
      f.to !== undefined ? lte(t.createdAt, f.to) : undefined,
    );

  return {
    list: (tenantId, filter, page) => pagedList(db, t, where(tenantId, filter), [desc(t.createdAt), desc(t.id)], page),
    groups(tenantId, filter, page) {
      const condition = where(tenantId, filter);
      const rows = db
        .select({
          causeKey: t.causeKey,
          cause: sql<string>`max(${t.cause})`,
          code: sql<string>`max(${t.code})`,
          sources: sql<string>`group_concat(distinct ${t.source})`,
          connectorIds: sql<string | null>`group_concat(distinct ${t.connectorId})`,
          count: count(),
          firstSeenAt: min(t.createdAt).mapWith(Number),
          lastSeenAt: max(t.createdAt).mapWith(Number),
          sampleErrorId: sql<string>`max(${t.id})`,
        })
        .from(t)
        .where(condition)
        .groupBy(t.causeKey)
        .orderBy(desc(max(t.createdAt)), t.causeKey)
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .all() as InterfaceErrorGroupRow[];
      const total = db.select({ n: sql<number>`count(distinct ${t.causeKey})` }).from(t).where(condition).get()?.n ?? 0;
      return { rows, total };
    },
    findById: (id) => db.select().from(t).where(eq(t.id, id)).get(),
    openMatching: (tenantId, filter, limit) =>
      db
        .select({ id: t.id, source: t.source, messageId: t.messageId, outboundItemId: t.outboundItemId })
        .from(t)
        .where(where(tenantId, { ...filter, status: 'open' }))
        .orderBy(t.createdAt, t.id)
        .limit(limit)
        .all(),
    close(ids, status, now) {
      let changed = 0;
      for (let i = 0; i < ids.length; i += CLOSE_CHUNK) {
        const chunk = ids.slice(i, i + CLOSE_CHUNK);
        changed += db.update(t).set({ status, resolvedAt: now }).where(and(inArray(t.id, chunk), eq(t.status, 'open'))).run().changes;
      }
      return changed;
    },
  };
}
