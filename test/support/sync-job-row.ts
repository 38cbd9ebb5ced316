import { integrationJobs } from '../../db/schema';
import type { Engine } from '../../src-main/bootstrap';

/**
 * Stores an integration job row for a sync kind, as the jobs API will (another part of the issue): the
 * conflict inbox reads the job's config to know the upstream a resolution writes to.
 */
export function insertSyncJob(engine: Engine, id: string, kind: string, config: Record<string, unknown>): void {
  const now = Date.now();
  engine.store.db
    .insert(integrationJobs)
    .values({ id, tenantId: engine.tenantId, name: `${kind} ${id}`, kind, schedule: null, config, enabled: true, version: 1, createdAt: now, updatedAt: now })
    .run();
}
