import type Database from 'better-sqlite3';
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { eventDeliveries, eventDeliveryAttempts, eventSubscriptions } from '../../db/schema';
import { AppError } from '../core/errors';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

export type EventSubscriptionRow = typeof eventSubscriptions.$inferSelect;
export type NewEventSubscriptionRow = Omit<typeof eventSubscriptions.$inferInsert, 'cursorSeq'>;
export type EventSubscriptionPatch = Partial<Omit<NewEventSubscriptionRow, 'id' | 'tenantId' | 'version' | 'createdAt'>>;
export type EventDeliveryRow = typeof eventDeliveries.$inferSelect;
export type EventDeliveryAttemptRow = typeof eventDeliveryAttempts.$inferSelect;

export interface EventDeliveryFilter {
  subscriptionId?: string | undefined;
  status?: string | undefined;
}

const nameTaken = (name: string): AppError => new AppError('conflict', 'INTEROP_EVENT_SUBSCRIPTION_NAME_TAKEN', `Another event subscription is named ${name}`, { name });

/** Event subscriptions (the console's CRUD) and the deliveries and attempts the console lists. */
export interface EventSubscriptionsRepo {
  list(tenantId: string, filter: { status?: string | undefined }, page: PageRequest): Page<EventSubscriptionRow>;
  findById(id: string): EventSubscriptionRow | undefined;
  /**
   * Inserts with its cursor at the newest outbox event, so it receives the events committed after it (call in
   * the creating transaction). Throws 409 INTEROP_EVENT_SUBSCRIPTION_NAME_TAKEN.
   */
  insert(row: NewEventSubscriptionRow): EventSubscriptionRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws as insert does. */
  update(id: string, expectedVersion: number, patch: EventSubscriptionPatch): EventSubscriptionRow | undefined;
  /** Deletes the subscription with its deliveries and their attempts. */
  delete(id: string): void;
  /** Deliveries newest event first. */
  deliveries(tenantId: string, filter: EventDeliveryFilter, page: PageRequest): Page<EventDeliveryRow>;
  /** The attempts of these deliveries, in attempt order. */
  attemptsOf(deliveryIds: readonly string[]): EventDeliveryAttemptRow[];
}

export function createEventSubscriptionsRepo(db: Db): EventSubscriptionsRepo {
  const byId = (id: string) => db.select().from(eventSubscriptions).where(eq(eventSubscriptions.id, id)).get();
  return {
    list(tenantId, filter, page) {
      const where = and(eq(eventSubscriptions.tenantId, tenantId), filter.status ? eq(eventSubscriptions.status, filter.status) : undefined);
      return pagedList(db, eventSubscriptions, where, [asc(eventSubscriptions.name), asc(eventSubscriptions.id)], page);
    },
    findById: byId,
    insert(row) {
      try {
        return db
          .insert(eventSubscriptions)
          .values({ ...row, cursorSeq: sql`(SELECT IFNULL(MAX(seq), 0) FROM outbox_events)` })
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(row.name) : error;
      }
    },
    update(id, expectedVersion, patch) {
      try {
        return db
          .update(eventSubscriptions)
          .set({ ...patch, version: sql`${eventSubscriptions.version} + 1` })
          .where(and(eq(eventSubscriptions.id, id), eq(eventSubscriptions.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? byId(id)?.name ?? id) : error;
      }
    },
    delete: (id) => void db.delete(eventSubscriptions).where(eq(eventSubscriptions.id, id)).run(),
    deliveries(tenantId, filter, page) {
      const where: SQL | undefined = and(
        eq(eventDeliveries.tenantId, tenantId),
        filter.subscriptionId ? eq(eventDeliveries.subscriptionId, filter.subscriptionId) : undefined,
        filter.status ? eq(eventDeliveries.status, filter.status) : undefined,
      );
      return pagedList(db, eventDeliveries, where, [desc(eventDeliveries.eventSeq), desc(eventDeliveries.id)], page);
    },
    attemptsOf(deliveryIds) {
      if (deliveryIds.length === 0) return [];
      return db
        .select()
        .from(eventDeliveryAttempts)
        .where(inArray(eventDeliveryAttempts.deliveryId, [...deliveryIds]))
        .orderBy(asc(eventDeliveryAttempts.deliveryId), asc(eventDeliveryAttempts.attemptNumber))
        .all();
    },
  };
}

/**
 * Whether any subscription of the tenant (active, or paused and collecting) takes FhirResourceCreated or
 * FhirResourceUpdated. The FHIR store writes those events only then: one per resource version, on the
 * mapping's hot path, with nothing to read them otherwise (a subscription starts at the newest event, so
 * events from before it are never delivered). Asked inside the write's transaction, which holds the
 * write lock: a subscription committed before it is seen, one committed after it starts past its events.
 */
export function createResourceEventGate(sqlite: Database.Database): (tenantId: string) => boolean {
  const wanted = sqlite
    .prepare(`SELECT 1 FROM event_subscriptions WHERE tenant_id = ? AND (event_types LIKE '%"FhirResourceCreated"%' OR event_types LIKE '%"FhirResourceUpdated"%') LIMIT 1`)
    .pluck();
  return (tenantId) => wanted.get(tenantId) !== undefined;
}
