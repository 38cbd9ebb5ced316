import { eq } from 'drizzle-orm';
import { integrationJobs } from '../../db/schema';
import type { Db } from './open-store';

/** The upstream a sync job syncs with, read from its config; undefined when the job is gone or names no server. */
export function createSyncJobConfigReader(db: Db) {
  return (jobId: string): { serverUrl: string; connectorId?: string | undefined } | undefined => {
    const config = db.select({ config: integrationJobs.config }).from(integrationJobs).where(eq(integrationJobs.id, jobId)).get()?.config;
    if (typeof config?.serverUrl !== 'string') return undefined;
    return { serverUrl: config.serverUrl, connectorId: typeof config.connectorId === 'string' ? config.connectorId : undefined };
  };
}
