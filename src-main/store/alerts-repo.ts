import { and, desc, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alerts, interopConnectors } from '../../db/schema';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';

const sqlIncrement = sql`${alerts.occurrences} + 1`;
const notResolved = ne(alerts.status, 'resolved');

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;

export interface AlertFilter {
  status?: string | undefined;
  connectorId?: string | undefined;
  severity?: string | undefined;
  type?: string | undefined;
}

/** Alerts (`alerts`): one row per incident; at most one not resolved per (tenant, dedupe key), held by a partial unique index. */
export interface AlertsRepo {
  findById(id: string): AlertRow | undefined;
  /** The newest alert of a dedupe key, open or resolved. */
  latestForKey(tenantId: string, dedupeKey: string): AlertRow | undefined;
  insert(row: NewAlertRow): AlertRow;
  /** The condition still holds: count + 1, last seen, severity and message as now. */
  renew(id: string, at: number, severity: string, message: string): void;
  /** Resolves an alert that is not resolved yet; false when it already was. */
  resolve(id: string, at: number, resolution: 'auto' | 'manual', recoveryMessage: string | null): boolean;
  acknowledge(id: string, at: number, actor: string): boolean;
  /** A manually resolved alert's condition was seen to clear. */
  markConditionEnded(id: string, at: number): void;
  list(tenantId: string, filter: AlertFilter, page: PageRequest): Page<AlertRow>;
  /** Open or acknowledged alerts about a connector's own health (not sync jobs') whose connector is no longer active. */
  openOfInactiveConnectors(): AlertRow[];
}

export function createAlertsRepo(db: Db): AlertsRepo {
  return {
    findById(id) {
      return db.select().from(alerts).where(eq(alerts.id, id)).get();
    },
    latestForKey(tenantId, dedupeKey) {
      return db.select().from(alerts).where(and(eq(alerts.tenantId, tenantId), eq(alerts.dedupeKey, dedupeKey))).orderBy(desc(alerts.raisedAt), desc(alerts.id)).limit(1).get();
    },
    insert(row) {
      return db.insert(alerts).values(row).returning().get();
    },
    renew(id, at, severity, message) {
      db.update(alerts)
        .set({ occurrences: sqlIncrement, lastSeenAt: at, severity, message })
        .where(eq(alerts.id, id))
        .run();
    },
    resolve(id, at, resolution, recoveryMessage) {
      const done = db
        .update(alerts)
        .set({ status: 'resolved', resolvedAt: at, resolution, recoveryMessage, conditionEndedAt: resolution === 'auto' ? at : null })
        .where(and(eq(alerts.id, id), notResolved))
        .run();
      return done.changes > 0;
    },
    acknowledge(id, at, actor) {
      return db.update(alerts).set({ status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: actor }).where(and(eq(alerts.id, id), eq(alerts.status, 'open'))).run().changes > 0;
    },
    markConditionEnded(id, at) {
      db.update(alerts).set({ conditionEndedAt: at }).where(eq(alerts.id, id)).run();
    },
    openOfInactiveConnectors() {
      return db
        .select({ alert: alerts })
        .from(alerts)
        .innerJoin(interopConnectors, eq(interopConnectors.id, alerts.connectorId))
        .where(and(notResolved, ne(alerts.kind, 'sync_failed'), ne(interopConnectors.status, 'active')))
        .all()
        .map((r) => r.alert);
    },
    list(tenantId, filter, page) {
      const conditions: SQL[] = [eq(alerts.tenantId, tenantId)];
      if (filter.status) conditions.push(eq(alerts.status, filter.status));
      if (filter.connectorId) conditions.push(eq(alerts.connectorId, filter.connectorId));
      if (filter.severity) conditions.push(eq(alerts.severity, filter.severity));
      if (filter.type) conditions.push(eq(alerts.kind, filter.type));
      return pagedList(db, alerts, and(...conditions), [desc(alerts.raisedAt), desc(alerts.id)], page);
    },
  };
}
