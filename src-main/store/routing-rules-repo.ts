import { and, asc, count, eq, sql, type SQL } from 'drizzle-orm';
import { fhirRoutingRules } from '../../db/schema';
import type { PageRequest } from './connectors-repo';
import type { Db } from './open-store';

export type RoutingRuleRow = typeof fhirRoutingRules.$inferSelect;
export type NewRoutingRuleRow = typeof fhirRoutingRules.$inferInsert;
export type RoutingRulePatch = Partial<Omit<NewRoutingRuleRow, 'id' | 'tenantId' | 'version' | 'createdAt' | 'primarySlot'>>;

export interface RoutingRuleFilter {
  resourceType?: string | undefined;
  status?: string | undefined;
}

export interface RoutingRulesRepo {
  list(tenantId: string, filter: RoutingRuleFilter, page: PageRequest): { rows: RoutingRuleRow[]; total: number };
  /** Active rules for a resource type, best first (the gateway's lookup). */
  activeFor(tenantId: string, resourceType: string): RoutingRuleRow[];
  findById(id: string): RoutingRuleRow | undefined;
  insert(row: NewRoutingRuleRow): RoutingRuleRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. */
  update(id: string, expectedVersion: number, patch: RoutingRulePatch): RoutingRuleRow | undefined;
  delete(id: string): void;
}

export function createRoutingRulesRepo(db: Db): RoutingRulesRepo {
  const where = (tenantId: string, f: RoutingRuleFilter): SQL | undefined =>
    and(eq(fhirRoutingRules.tenantId, tenantId), f.resourceType ? eq(fhirRoutingRules.resourceType, f.resourceType) : undefined, f.status ? eq(fhirRoutingRules.status, f.status) : undefined);
  return {
    list(tenantId, filter, page) {
      const condition = where(tenantId, filter);
      const rows = db
        .select()
        .from(fhirRoutingRules)
        .where(condition)
        .orderBy(asc(fhirRoutingRules.resourceType), asc(fhirRoutingRules.priority), asc(fhirRoutingRules.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .all();
      return { rows, total: db.select({ n: count() }).from(fhirRoutingRules).where(condition).get()?.n ?? 0 };
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
    insert: (row: NewRoutingRuleRow): RoutingRuleRow => db.insert(fhirRoutingRules).values(row).returning().get(),
    update(id: string, expectedVersion: number, patch: RoutingRulePatch): RoutingRuleRow | undefined {
      return db
        .update(fhirRoutingRules)
        .set({ ...patch, version: sql`${fhirRoutingRules.version} + 1` })
        .where(and(eq(fhirRoutingRules.id, id), eq(fhirRoutingRules.version, expectedVersion)))
        .returning()
        .get();
    },
    delete: (id: string): void => void db.delete(fhirRoutingRules).where(eq(fhirRoutingRules.id, id)).run(),
  };
}
