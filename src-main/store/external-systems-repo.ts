import { and, count, eq, or, sql, type SQL } from 'drizzle-orm';
import { externalSystems } from '../../db/schema';
import { escapeLike, type PageRequest } from './connectors-repo';
import type { Db } from './open-store';

export type ExternalSystemRow = typeof externalSystems.$inferSelect;
export type NewExternalSystemRow = typeof externalSystems.$inferInsert;
export type ExternalSystemPatch = Partial<Pick<NewExternalSystemRow, 'name' | 'kind' | 'description' | 'contact' | 'status' | 'updatedAt'>>;

export interface ExternalSystemFilter {
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

export function createExternalSystemsRepo(db: Db) {
  const where = (tenantId: string, f: ExternalSystemFilter): SQL | undefined => {
    const q = f.q ? `%${escapeLike(f.q)}%` : undefined;
    return and(
      eq(externalSystems.tenantId, tenantId),
      f.kind ? eq(externalSystems.kind, f.kind) : undefined,
      f.status ? eq(externalSystems.status, f.status) : undefined,
      q ? or(sql`${externalSystems.name} like ${q} escape '\\'`, sql`${externalSystems.description} like ${q} escape '\\'`) : undefined,
    );
  };
  return {
    list(tenantId: string, filter: ExternalSystemFilter, page: PageRequest): { rows: ExternalSystemRow[]; total: number } {
      const condition = where(tenantId, filter);
      const rows = db
        .select()
        .from(externalSystems)
        .where(condition)
        .orderBy(externalSystems.name, externalSystems.id)
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .all();
      const total = db.select({ n: count() }).from(externalSystems).where(condition).get()?.n ?? 0;
      return { rows, total };
    },
    findById(id: string): ExternalSystemRow | undefined {
      return db.select().from(externalSystems).where(eq(externalSystems.id, id)).get();
    },
    insert(row: NewExternalSystemRow): ExternalSystemRow {
      return db.insert(externalSystems).values(row).returning().get();
    },
    update(id: string, expectedVersion: number, patch: ExternalSystemPatch): ExternalSystemRow | undefined {
      return db
        .update(externalSystems)
        .set({ ...patch, version: sql`${externalSystems.version} + 1` })
        .where(and(eq(externalSystems.id, id), eq(externalSystems.version, expectedVersion)))
        .returning()
        .get();
    },
    delete(id: string): void {
      db.delete(externalSystems).where(eq(externalSystems.id, id)).run();
    },
  };
}
export type ExternalSystemsRepo = ReturnType<typeof createExternalSystemsRepo>;
