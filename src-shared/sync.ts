import { z } from 'zod';
import { defineOperation, idInput, Page, pageInput } from './define-operation';

/**
 * How a resource changed on both sides since the last sync is settled. `source` is the side the job
 * reads from (the upstream server for a pull, the local store for a push), `dest` the side it writes to.
 * `merge` keeps both sides' changes when they touch different top-level elements, else falls to `manual`;
 * `manual` overwrites nothing and opens a conflict in the inbox.
 */
export const ConflictStrategy = z.enum(['source_wins', 'dest_wins', 'newest_wins', 'merge', 'manual']);
export type ConflictStrategy = z.infer<typeof ConflictStrategy>;

const ResourceTypeName = z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'must be a FHIR resource type such as Patient');

const syncPeerFields = {
  /** The upstream server's FHIR base URL (…/fhir/R4). */
  serverUrl: z.url({ protocol: /^https?$/ }),
  /** An outbound FHIR REST connector whose auth (secrets stay encrypted with it) and CA certificate the sync uses; none: no auth. */
  connectorId: idInput('CONN').optional(),
  resourceTypes: z.array(ResourceTypeName).min(1).max(50),
  /** Per resource type; a type not named settles conflicts `manual`ly. */
  conflictStrategy: z.record(ResourceTypeName, ConflictStrategy).default({}),
  /** Resources per page asked of the upstream (its `_count`) or read from the local history. */
  pageSize: z.number().int().min(1).max(1000).default(100),
};

export const FhirPullSyncConfig = z.object({
  ...syncPeerFields,
  /** Extra search criteria per resource type, as a query string (`active=true&address-state=OR`). */
  search: z.record(ResourceTypeName, z.string().max(2000)).default({}),
});
export type FhirPullSyncConfig = z.infer<typeof FhirPullSyncConfig>;

export const FhirPushSyncConfig = z.object(syncPeerFields);
export type FhirPushSyncConfig = z.infer<typeof FhirPushSyncConfig>;

export const SyncConflictStatus = z.enum(['open', 'resolved']);
export const SyncDirection = z.enum(['pull', 'push']);
export const SyncConflictChoice = z.enum(['local', 'remote', 'edited']);
export type SyncConflictChoice = z.infer<typeof SyncConflictChoice>;

const ResourceBody = z.object({ resourceType: z.string(), id: z.string().optional() }).loose();

export const SyncConflict = z.object({
  id: z.string(),
  jobId: z.string(),
  serverUrl: z.string(),
  direction: SyncDirection,
  resourceType: z.string(),
  resourceId: z.string(),
  status: SyncConflictStatus,
  /** The local store's version of the resource when the conflict was seen; null when the local store does not have it. */
  localVersion: z.number().nullable(),
  /** The upstream's version (versionId or ETag); null when the upstream does not have it. */
  remoteVersion: z.string().nullable(),
  /** Top-level elements whose values differ between the two versions. */
  differingFields: z.array(z.string()),
  detectedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: SyncConflictChoice.nullable(),
});
export type SyncConflict = z.infer<typeof SyncConflict>;

export const SyncConflictDetail = SyncConflict.extend({ local: ResourceBody.nullable(), remote: ResourceBody.nullable() });
export type SyncConflictDetail = z.infer<typeof SyncConflictDetail>;

const conflictId = idInput('SCF');

export const syncConflictOps = {
  list: defineOperation({
    name: 'syncConflicts.list',
    http: { method: 'GET', path: '/api/v1/sync-conflicts' },
    input: z.object({ ...pageInput, status: SyncConflictStatus.optional(), jobId: idInput('JOB').optional(), resourceType: ResourceTypeName.optional() }),
    output: Page(SyncConflict),
  }),
  get: defineOperation({ name: 'syncConflicts.get', audited: true, http: { method: 'GET', path: '/api/v1/sync-conflicts/:id' }, input: z.object({ id: conflictId }), output: SyncConflictDetail }),
  resolve: defineOperation({
    name: 'syncConflicts.resolve',
    http: { method: 'POST', path: '/api/v1/sync-conflicts/:id/resolve' },
    /** `local` / `remote`: that version is written to the other side; `edited`: `resource` is written to both. */
    input: z.object({ id: conflictId, choice: SyncConflictChoice, resource: ResourceBody.optional() }),
    output: SyncConflictDetail,
    invalidates: ['syncConflicts'],
  }),
} as const;
