import { and, asc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { integrationJobs } from '../../db/schema';
import { AppError } from '../core/errors';
import type { Db } from './open-store';
import { pagedList, type Page, type PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

export type IntegrationJobRow = typeof integrationJobs.$inferSelect;
export type NewIntegrationJobRow = typeof integrationJobs.$inferInsert;
export type IntegrationJobPatch = Partial<Omit<NewIntegrationJobRow, 'id' | 'tenantId' | 'version' | 'createdAt'>>;

export interface IntegrationJobFilter {
  kind?: string | undefined;
  enabled?: boolean | undefined;
}

const nameTaken = (name: string): AppError => new AppError('conflict', 'INTEROP_INTEGRATION_JOB_NAME_TAKEN', `Another integration job is named ${name}`, { name });

/** Integration jobs: the console's CRUD and what the scheduler reads and moves on. */
export interface IntegrationJobsRepo {
  list(tenantId: string, filter: IntegrationJobFilter, page: PageRequest): Page<IntegrationJobRow>;
  findById(id: string): IntegrationJobRow | undefined;
  /** Throws 409 INTEROP_INTEGRATION_JOB_NAME_TAKEN. */
  insert(row: NewIntegrationJobRow): IntegrationJobRow;
  /** Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws as insert does. */
  update(id: string, expectedVersion: number, patch: IntegrationJobPatch): IntegrationJobRow | undefined;
  delete(id: string): void;
  /** Enabled jobs with a schedule whose next run is due at `now`, the longest overdue first. */
  due(now: number): IntegrationJobRow[];
  /** Moves the schedule on; the scheduler's own bookkeeping, so `version` stays. */
  setNextRunAt(id: string, nextRunAt: number | null): void;
  /** A due run that did not start (overlap, or missed while the engine was off): counted on the job with why. */
  recordSkip(id: string, at: number, reason: string): void;
  /** After a run ends: when, and (only on success) the state it leaves for the next run. */
  recordRunEnd(id: string, at: number, state: { value: unknown } | undefined): void;
}

export function createIntegrationJobsRepo(db: Db): IntegrationJobsRepo {
  const byId = (id: string) => db.select().from(integrationJobs).where(eq(integrationJobs.id, id)).get();
  return {
    list(tenantId, filter, page) {
      const where = and(
        eq(integrationJobs.tenantId, tenantId),
        filter.kind ? eq(integrationJobs.kind, filter.kind) : undefined,
        filter.enabled === undefined ? undefined : eq(integrationJobs.enabled, filter.enabled),
      );
      return pagedList(db, integrationJobs, where, [asc(integrationJobs.name), asc(integrationJobs.id)], page);
    },
    findById: byId,
    insert(row) {
      try {
        return db.insert(integrationJobs).values(row).returning().get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(row.name) : error;
      }
    },
    update(id, expectedVersion, patch) {
      try {
        return db
          .update(integrationJobs)
          .set({ ...patch, version: sql`${integrationJobs.version} + 1` })
          .where(and(eq(integrationJobs.id, id), eq(integrationJobs.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        throw isUniqueViolation(error) ? nameTaken(patch.name ?? byId(id)?.name ?? id) : error;
      }
    },
    delete: (id) => void db.delete(integrationJobs).where(eq(integrationJobs.id, id)).run(),
    due: (now) =>
      db
        .select()
        .from(integrationJobs)
        .where(and(eq(integrationJobs.enabled, true), isNotNull(integrationJobs.schedule), lte(integrationJobs.nextRunAt, now)))
        .orderBy(asc(integrationJobs.nextRunAt))
        .all(),
    setNextRunAt: (id, nextRunAt) => void db.update(integrationJobs).set({ nextRunAt }).where(eq(integrationJobs.id, id)).run(),
    recordSkip: (id, at, reason) =>
      void db
        .update(integrationJobs)
        .set({ skippedRuns: sql`${integrationJobs.skippedRuns} + 1`, lastSkippedAt: at, lastSkipReason: reason })
        .where(eq(integrationJobs.id, id))
        .run(),
    recordRunEnd: (id, at, state) => void db.update(integrationJobs).set({ lastRunAt: at, ...(state ? { state: state.value } : {}) }).where(eq(integrationJobs.id, id)).run(),
  };
}
