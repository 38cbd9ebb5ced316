import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { fhirRoutingRules } from '../../db/schema';
import { AppError } from '../core/errors';
import { pagedList, type PageRequest } from './paged-list';
import type { Db } from './open-store';
import { isUniqueViolation } from './sqlite-errors';

export type RoutingRuleRow = typeof fhirRoutingRules.$inferSelect;
export type NewRoutingRuleRow = typeof fhirRoutingRules.$inferInsert;
export type RoutingRulePatch = Partial<Omit<NewRoutingRuleRow, 'id' | 'tenantId' | 'version' | 'createdAt' | 'primarySlot'>>;

export interface RoutingRuleFilter {
  resourceType?: string | undefined;
  status?: string | undefined;
}

/** The one active primary rule per resource type, category and profile (the `primary_slot` unique index) is taken. */
const primaryTaken = (r: Pick<RoutingRuleRow, 'resourceType' | 'category'>): AppError =>
  new AppError('conflict', 'INTEROP_ROUTING_PRIMARY_EXISTS', `An active primary rule already owns ${r.resourceType}${r.category ? ` (${r.category})` : ''}; deactivate it or make this one non-primary`);

export interface RoutingRulesRepo {
  list(tenantId: string, filter: RoutingRuleFilter, page: PageRequest): { rows: RoutingRuleRow[]; total: number };
  /** Active rules for a resource type, best first (the gateway's lookup). */
  activeFor(tenantId: string, resourceType: string): RoutingRuleRow[];
  findById(id: string): RoutingRuleRow | undefined;
  /** Throws 409 INTEROP_ROUTING_PRIMARY_EXISTS when an active primary rule owns the same key. */
  insert(row: NewRoutingRuleRow): RoutingRuleRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws as insert does. */
  update(id: string, expectedVersion: number, patch: RoutingRulePatch): RoutingRuleRow | undefined;
  delete(id: string): void;
}

export function createRoutingRulesRepo(db: Db): RoutingRulesRepo {
  const where = (tenantId: string, f: RoutingRuleFilter): SQL | undefined =>
    and(eq(fhirRoutingRules.tenantId, tenantId), f.resourceType ? eq(fhirRoutingRules.resourceType, f.resourceType) : undefined, f.status ? eq(fhirRoutingRules.status, f.status) : undefined);
  return {
    list(tenantId, filter, page) {
      return pagedList(db, fhirRoutingRules, where(tenantId, filter), [asc(fhirRoutingRules.resourceType), asc(fhirRoutingRules.priority), asc(fhirRoutingRules.id)], page);
    },
    activeFor(tenantId, resourceType) {
      return db
        .select()
        .from(fhirRoutingRules)
        .where(and(eq(fhirRoutingRules.tenantId, tenantId), eq(fhirRoutingRules.resourceType, resourceType), eq(fhirRoutingRules.status, 'active')))
        .orderBy(asc(fhirRoutingRules.priority), asc(fhirRoutingRules.id))
        .all();
    },
    findById: (id: string): RoutingRuleRow | undefined => db.select().from(fhirRoutingRules).where(eq(fhirRoutingRules.id, id)).get(),
    insert(row: NewRoutingRuleRow): RoutingRuleRow {
      try {
        return db.insert(fhirRoutingRules).values(row).returning().get();
      } catch (error) {
        throw isUniqueViolation(error) ? primaryTaken({ resourceType: row.resourceType, category: row.category ?? null }) : error;
      }
    },
    update(id: string, expectedVersion: number, patch: RoutingRulePatch): RoutingRuleRow | undefined {
      try {
        return db
          .update(fhirRoutingRules)
          .set({ ...patch, version: sql`${fhirRoutingRules.version} + 1` })
          .where(and(eq(fhirRoutingRules.id, id), eq(fhirRoutingRules.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        const before = isUniqueViolation(error) ? db.select().from(fhirRoutingRules).where(eq(fhirRoutingRules.id, id)).get() : undefined;
        throw before ? primaryTaken({ resourceType: patch.resourceType ?? before.resourceType, category: patch.category === undefined ? before.category : patch.category }) : error;
      }
    },
    delete: (id: string): void => void db.delete(fhirRoutingRules).where(eq(fhirRoutingRules.id, id)).run(),
  };
}
