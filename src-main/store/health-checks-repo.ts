import { and, count, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { interfaceHealthChecks } from '../../db/schema';
import type { HealthCheckRow } from './connectors-repo';
import type { Db } from './open-store';

export type NewHealthCheckRow = typeof interfaceHealthChecks.$inferInsert;

/** Health check snapshots (`interface_health_checks`): what the monitoring kind writes and reads back. */
export interface HealthChecksRepo {
  insert(row: NewHealthCheckRow): HealthCheckRow;
  /** The connector's newest snapshot. */
  latest(connectorId: string): HealthCheckRow | undefined;
  /** Snapshots since `since` and how many of them passed (consecutive_failures = 0). */
  availability(connectorId: string, since: number): { checks: number; passed: number };
  /** Deletes snapshots checked before `before`; answers how many. */
  prune(before: number): number;
}

export function createHealthChecksRepo(db: Db): HealthChecksRepo {
  return {
    insert(row) {
      return db.insert(interfaceHealthChecks).values(row).returning().get();
    },
    latest(connectorId) {
      return db.select().from(interfaceHealthChecks).where(eq(interfaceHealthChecks.connectorId, connectorId)).orderBy(desc(interfaceHealthChecks.checkedAt), desc(interfaceHealthChecks.id)).limit(1).get();
    },
    availability(connectorId, since) {
      const row = db
        .select({ checks: count(), passed: sql<number>`coalesce(sum(${interfaceHealthChecks.consecutiveFailures} = 0), 0)` })
        .from(interfaceHealthChecks)
        .where(and(eq(interfaceHealthChecks.connectorId, connectorId), gte(interfaceHealthChecks.checkedAt, since)))
        .get();
      return { checks: row?.checks ?? 0, passed: Number(row?.passed ?? 0) };
    },
    prune(before) {
      return db.delete(interfaceHealthChecks).where(lt(interfaceHealthChecks.checkedAt, before)).run().changes;
    },
  };
}
