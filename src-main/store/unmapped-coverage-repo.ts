import type Database from 'better-sqlite3';

export interface UnmappedCoverageFilter {
  connectorId?: string | undefined;
  profileId?: string | undefined;
  /** Epoch ms: only messages whose latest attempt finished at or after it. */
  since?: number | undefined;
  limit: number;
}

export interface UnmappedCoverageRow {
  connectorId: string;
  profileId: string;
  /** The name the profile had at that version (null once its versions are gone). */
  profileName: string | null;
  profileVersion: number;
  path: string;
  messages: number;
  occurrences: number;
  lastSeenAt: number;
}

export interface UnmappedCoverageRepo {
  /** Per connector, profile version and path, most messages first. */
  aggregate(tenantId: string, filter: UnmappedCoverageFilter): UnmappedCoverageRow[];
}

/**
 * Reads hl7_unmapped_coverage, which processing keeps at one row per (message, path) for each message's
 * latest mapped attempt (hl7-processing-repo.ts): the aggregate is a GROUP BY over its covering index.
 */
export function createUnmappedCoverageRepo(sqlite: Database.Database): UnmappedCoverageRepo {
  // With a connector the index is read from (tenant, connector) on; `@x IS NULL OR …` would read the whole tenant.
  const aggregateWhere = (byConnector: boolean) => sqlite.prepare(`
    SELECT c.connector_id AS connectorId, c.profile_id AS profileId, p.name AS profileName, c.profile_version AS profileVersion,
      c.path, c.messages, c.occurrences, c.last_seen AS lastSeenAt
    FROM (
      SELECT connector_id, profile_id, profile_version, path, count(*) AS messages, sum(occurrences) AS occurrences, max(seen_at) AS last_seen
      FROM hl7_unmapped_coverage
      WHERE tenant_id = @tenantId AND ${byConnector ? 'connector_id = @connectorId' : '@connectorId IS NULL'} AND (@profileId IS NULL OR profile_id = @profileId)
        AND (@since IS NULL OR seen_at >= @since)
      GROUP BY connector_id, profile_id, profile_version, path
      ORDER BY messages DESC, path, connector_id, profile_id, profile_version
      LIMIT @limit
    ) c
    LEFT JOIN hl7_mapping_profiles p ON p.tenant_id = @tenantId AND p.profile_id = c.profile_id AND p.profile_version = c.profile_version
    ORDER BY c.messages DESC, c.path, c.connector_id, c.profile_id, c.profile_version`);
  const [all, ofConnector] = [aggregateWhere(false), aggregateWhere(true)];
  return {
    aggregate: (tenantId, filter) =>
      (filter.connectorId ? ofConnector : all).all({ tenantId, connectorId: filter.connectorId ?? null, profileId: filter.profileId ?? null, since: filter.since ?? null, limit: filter.limit }) as UnmappedCoverageRow[],
  };
}
