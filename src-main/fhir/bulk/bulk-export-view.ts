import type { FhirExportJob } from '../../../src-shared';
import type { BulkExportJob } from './bulk-export-service';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * The file link of one export part, relative to the engine like the console's other FHIR links (a console
 * over IPC has no origin of its own); the same route the Bulk Data manifest links to.
 */
export const exportFileUrl = (fhirBase: string, jobId: string, type: string): string => `${fhirBase}/$export-file/${jobId}/${type}`;

/** A job as the console sees it: ISO times, and file links only while they can be downloaded. */
export function exportJobView(job: BulkExportJob, now: number, fhirBase: string): FhirExportJob {
  const expired = job.status === 'complete' && (job.expiresAt ?? 0) <= now;
  const downloadable = job.status === 'complete' && !expired;
  return {
    id: job.id,
    level: job.level,
    groupId: job.groupId,
    types: job.types,
    since: iso(job.since),
    status: job.status,
    progress: job.progress,
    total: job.total,
    files: job.parts.map((p) => ({ type: p.type, count: p.count, total: p.total, url: downloadable && p.count > 0 ? exportFileUrl(fhirBase, job.id, p.type) : null })),
    error: job.error,
    createdAt: new Date(job.createdAt).toISOString(),
    completedAt: iso(job.completedAt),
    expiresAt: iso(job.expiresAt),
    expired,
  };
}

/** The kick-off URL a console request stands for, recorded as the job's `request` like one made over FHIR. */
export function kickOffUrl(fhirBase: string, request: { level: 'system' | 'patient' | 'group'; groupId?: string | undefined; types?: readonly string[] | undefined; since?: string | undefined }): string {
  const path = request.level === 'group' ? `/Group/${request.groupId ?? ''}/$export` : request.level === 'patient' ? '/Patient/$export' : '/$export';
  const query = new URLSearchParams();
  if (request.types && request.types.length > 0) query.set('_type', request.types.join(','));
  if (request.since) query.set('_since', request.since);
  const text = query.toString();
  return `${fhirBase}${path}${text === '' ? '' : `?${text}`}`;
}
