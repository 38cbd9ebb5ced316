import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { outboundRoutes } from '../../db/schema';
import { AppError } from '../core/errors';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';
import { isForeignKeyViolation, isUniqueViolation } from './sqlite-errors';

export type OutboundRouteRow = typeof outboundRoutes.$inferSelect;
export type NewOutboundRouteRow = typeof outboundRoutes.$inferInsert;
export type OutboundRoutePatch = Partial<Omit<NewOutboundRouteRow, 'id' | 'tenantId' | 'version' | 'createdAt'>>;

export interface OutboundRouteFilter {
  sourceConnectorId?: string | undefined;
  destinationConnectorId?: string | undefined;
}

const nameTaken = (name: string): AppError => new AppError('conflict', 'INTEROP_OUTBOUND_ROUTE_NAME_TAKEN', `Another outbound route is named ${JSON.stringify(name)}`, { field: 'name' });

export interface OutboundRoutesRepo {
  list(tenantId: string, filter: OutboundRouteFilter, page: PageRequest): Page<OutboundRouteRow>;
  findById(id: string): OutboundRouteRow | undefined;
  /** The enabled routes whose source is the connector (processing's lookup, per batch). */
  enabledFrom(sourceConnectorId: string): OutboundRouteRow[];
  /** Throws 409 INTEROP_OUTBOUND_ROUTE_NAME_TAKEN for a name in use. */
  insert(row: NewOutboundRouteRow): OutboundRouteRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws as insert does. */
  update(id: string, expectedVersion: number, patch: OutboundRoutePatch): OutboundRouteRow | undefined;
  /** Throws 409 INTEROP_OUTBOUND_ROUTE_IN_USE while items of the route exist (they keep its history). */
  delete(id: string): void;
}

export function createOutboundRoutesRepo(db: Db): OutboundRoutesRepo {
  const where = (tenantId: string, f: OutboundRouteFilter): SQL | undefined =>
    and(
      eq(outboundRoutes.tenantId, tenantId),
      f.sourceConnectorId ? eq(outboundRoutes.sourceConnectorId, f.sourceConnectorId) : undefined,
      f.destinationConnectorId ? eq(outboundRoutes.destinationConnectorId, f.destinationConnectorId) : undefined,
    );
  return {
    list: (tenantId, filter, page) => pagedList(db, outboundRoutes, where(tenantId, filter), [asc(outboundRoutes.name), asc(outboundRoutes.id)], page),
    findById: (id) => db.select().from(outboundRoutes).where(eq(outboundRoutes.id, id)).get(),
    enabledFrom: (sourceConnectorId) =>
      db.select().from(outboundRoutes).where(and(eq(outboundRoutes.sourceConnectorId, sourceConnectorId), eq(outboundRoutes.enabled, true))).orderBy(asc(outboundRoutes.id)).all(),
    insert(row) {
      try {
        return db.insert(outboundRoutes).values(row).returning().get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(row.name) : error;
      }
    },
    update(id, expectedVersion, patch) {
      try {
        return db
          .update(outboundRoutes)
          .set({ ...patch, version: sql`${outboundRoutes.version} + 1` })
          .where(and(eq(outboundRoutes.id, id), eq(outboundRoutes.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? '') : error;
      }
    },
    delete(id) {
      try {
        db.delete(outboundRoutes).where(eq(outboundRoutes.id, id)).run();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw new AppError('conflict', 'INTEROP_OUTBOUND_ROUTE_IN_USE', `Outbound route ${id} has outbound items; disable it instead`, { id });
        throw error;
      }
    },
  };
}
