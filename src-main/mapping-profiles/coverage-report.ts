import type { UnmappedCoverage } from '@contract/mapping-profiles';
import { validationFailed } from '../core/errors';
import type { RequestContext } from '../core/request-context';
import type { UnmappedCoverageRepo } from '../store/unmapped-coverage-repo';

export interface CoverageQuery {
  connectorId?: string | undefined;
  profileId?: string | undefined;
  since?: string | undefined;
  limit: number;
}

/**
 * What the HL7 v2 → FHIR profiles leave unmapped across processed messages, per connector, profile
 * version and path ("PID-13[2+] carried data in 1,240 messages and no rule read it").
 */
export function createCoverageReport(repo: UnmappedCoverageRepo) {
  return {
    unmapped(ctx: RequestContext, query: CoverageQuery): { data: UnmappedCoverage[] } {
      const since = query.since === undefined ? undefined : Date.parse(query.since);
      if (since !== undefined && Number.isNaN(since)) throw validationFailed([{ path: 'since', message: 'must be an ISO-8601 time' }]);
      const rows = repo.aggregate(ctx.tenantId, { connectorId: query.connectorId, profileId: query.profileId, since, limit: query.limit });
      return { data: rows.map((row) => ({ ...row, lastSeenAt: new Date(row.lastSeenAt).toISOString() })) };
    },
  };
}
export type CoverageReport = ReturnType<typeof createCoverageReport>;
