import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { externalSystems } from '../../db/schema';
import { AppError } from '../core/errors';
import { escapeLike, pagedList, type PageRequest } from './paged-list';
import type { Db } from './open-store';
import { isForeignKeyViolation, isUniqueViolation } from './sqlite-errors';

export type ExternalSystemRow = typeof externalSystems.$inferSelect;
export type NewExternalSystemRow = typeof externalSystems.$inferInsert;
export type ExternalSystemPatch = Partial<Pick<NewExternalSystemRow, 'name' | 'kind' | 'description' | 'contact' | 'status' | 'updatedAt'>>;

export interface ExternalSystemFilter {
  kind?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

const nameTaken = (name: string): AppError =>
  new AppError('conflict', 'INTEROP_EXTERNAL_SYSTEM_NAME_TAKEN', `An external system named "${name}" already exists`, { fields: { name: ['is already used by another external system'] } });

export interface ExternalSystemsRepo {
  list(tenantId: string, filter: ExternalSystemFilter, page: PageRequest): { rows: ExternalSystemRow[]; total: number };
  findById(id: string): ExternalSystemRow | undefined;
  /** Throws 409 INTEROP_EXTERNAL_SYSTEM_NAME_TAKEN when the tenant has a system of that name. */
  insert(row: NewExternalSystemRow): ExternalSystemRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws as insert does. */
  update(id: string, expectedVersion: number, patch: ExternalSystemPatch): ExternalSystemRow | undefined;
  /** Throws 409 INTEROP_EXTERNAL_SYSTEM_IN_USE while connectors refer to it. */
  delete(id: string): void;
}

export function createExternalSystemsRepo(db: Db): ExternalSystemsRepo {
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
      return pagedList(db, externalSystems, where(tenantId, filter), [externalSystems.name, externalSystems.id], page);
    },
    findById(id: string): ExternalSystemRow | undefined {
      return db.select().from(externalSystems).where(eq(externalSystems.id, id)).get();
    },
    insert(row: NewExternalSystemRow): ExternalSystemRow {
      try {
        return db.insert(externalSystems).values(row).returning().get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(row.name) : error;
      }
    },
    update(id: string, expectedVersion: number, patch: ExternalSystemPatch): ExternalSystemRow | undefined {
      try {
        return db
          .update(externalSystems)
          .set({ ...patch, version: sql`${externalSystems.version} + 1` })
          .where(and(eq(externalSystems.id, id), eq(externalSystems.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? '') : error;
      }
    },
    delete(id: string): void {
      try {
        db.delete(externalSystems).where(eq(externalSystems.id, id)).run();
      } catch (error) {
        throw isForeignKeyViolation(error) ? new AppError('conflict', 'INTEROP_EXTERNAL_SYSTEM_IN_USE', `External system ${id} still has connectors; remove or reassign them first`) : error;
      }
    },
  };
}
