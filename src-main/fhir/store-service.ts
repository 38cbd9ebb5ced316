import { isDeepStrictEqual } from 'node:util';
import { isResourceType } from '@medplum/core';
import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import type { Clock } from '../core/clock';
import type { FhirIndexRows, FhirRepo, FhirRow } from '../store/fhir-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { Transact } from '../store/transact';
import { ensureFhirDefinitions } from './definitions/r4-definitions';
import { fhirFailure, goneError, notFoundError } from './outcome';
import { validateFhirResource } from './validation/validate';
import { newResourceId } from './resource-id';
import { decimalTexts, parseFhirJson, stringifyFhirJson } from './fhir-json-text';

export interface FhirServiceDeps {
  repo: FhirRepo;
  transact: Transact;
  clock: Clock;
  /** Search-parameter index rows of a resource (fhir/search). */
  indexRows: (resource: Resource) => FhirIndexRows;
  /** Where FhirResourceCreated / FhirResourceUpdated go, in the write's transaction. */
  journal: Pick<JournalRepo, 'appendEvent'>;
  /** Whether a subscription takes those events (store/event-subscriptions-repo.ts createResourceEventGate); asked in the transaction. */
  resourceEventsWanted: (tenantId: string) => boolean;
}

export interface Written {
  resource: Resource;
  created: boolean;
  /** False when nothing was written: a conditional create that matched, or an update equal to the current version. */
  changed: boolean;
  warnings: OperationOutcomeIssue[];
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export const etagOf = (versionId: number): string => `W/"${versionId}"`;

/** Parses `W/"3"` (or `"3"`) from If-Match; undefined when absent. */
export function versionFromEtag(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw fhirFailure('validation', 'invalid', `If-Match must be an ETag such as W/"1", not ${header}`);
  return Number(match[1]);
}

const parse = (row: FhirRow): Resource => parseFhirJson(row.content as string) as Resource;

/** The resource as stored, without the server-managed meta.versionId and meta.lastUpdated (and meta itself when nothing else is left). */
function withoutVersion(resource: Resource): unknown {
  const { versionId: _v, lastUpdated: _l, ...meta } = resource.meta ?? {};
  const { meta: _m, ...rest } = JSON.parse(JSON.stringify(resource)) as Resource;
  return Object.keys(meta).length === 0 ? rest : { ...rest, meta: JSON.parse(JSON.stringify(meta)) as unknown };
}

/**
 * An update that says what the current version says writes nothing (as HAPI's no-op update), so reprocessing
 * grows no history; a decimal written with another precision (`1.3` → `1.30`) is a change.
 */
const sameContent = (current: Resource, next: Resource): boolean =>
  isDeepStrictEqual(withoutVersion(current), withoutVersion(next)) && isDeepStrictEqual(decimalTexts(current), decimalTexts(next));

/** A history entry's request: the method that wrote the version (as stored; where none is, guessed from the version) and `Type/id`. */
function historyRequest(row: FhirRow): { method: 'POST' | 'PUT' | 'DELETE'; url: string } {
  const method = row.method === 'POST' || row.method === 'PUT' || row.method === 'DELETE' ? row.method : row.versionId === 1 ? 'POST' : row.deleted ? 'DELETE' : 'PUT';
  return { method, url: `${row.resourceType}/${row.id}` };
}

/** FHIR interactions on the local store: validation, versions and history, conditional writes. */
export function createFhirService(deps: FhirServiceDeps) {
  const { repo, transact, clock } = deps;

  /** Writes a version, and its FhirResourceCreated / FhirResourceUpdated event; call inside a transaction. */
  function write(tenantId: string, resource: Resource, previous: FhirRow | undefined, method: string): Resource {
    const versionId = (previous?.versionId ?? 0) + 1;
    const lastUpdated = clock.now();
    const stored = { ...resource, meta: { ...resource.meta, versionId: String(versionId), lastUpdated: new Date(lastUpdated).toISOString() } } as Resource;
    repo.write(tenantId, { resourceType: stored.resourceType, id: stored.id as string, versionId, lastUpdated, content: stringifyFhirJson(stored), method }, deps.indexRows(stored), previous?.indexDigest ?? null);
    // Ids and types only: the resource itself is PHI and stays in the store.
    const type = !previous || previous.deleted ? 'FhirResourceCreated' : 'FhirResourceUpdated';
    if (deps.resourceEventsWanted(tenantId)) deps.journal.appendEvent({ tenantId, type, aggregateType: 'fhir_resource', aggregateId: `${stored.resourceType}/${stored.id as string}`, payload: { resourceType: stored.resourceType, id: stored.id, versionId } }, lastUpdated);
    return stored;
  }

  const knownType = (type: string): void => {
    ensureFhirDefinitions();
    if (!isResourceType(type)) throw fhirFailure('not_found', 'not-supported', `${type} is not an R4 resource type`);
  };

  return {
    knownType,

    read(tenantId: string, type: string, id: string): Resource {
      knownType(type);
      const row = repo.read(tenantId, type, id);
      if (!row) throw notFoundError(type, id);
      if (row.deleted) throw goneError(type, id);
      return parse(row);
    },

    vread(tenantId: string, type: string, id: string, versionId: number): Resource {
      knownType(type);
      const row = repo.vread(tenantId, type, id, versionId);
      if (!row) throw fhirFailure('not_found', 'not-found', `${type}/${id} has no version ${versionId}`);
      if (row.deleted) throw goneError(type, id);
      return parse(row);
    },

    create(tenantId: string, type: string, body: unknown, findExisting?: () => Resource | undefined, assignedId: string = newResourceId()): Written {
      knownType(type);
      const { resource, warnings } = validateFhirResource(body);
      if (resource.resourceType !== type) throw fhirFailure('validation', 'invalid', `The body is a ${resource.resourceType}, not a ${type}`, ['resourceType']);
      return transact(() => {
        const existing = findExisting?.();
        if (existing) return { resource: existing, created: false, changed: false, warnings };
        return { resource: write(tenantId, { ...resource, id: assignedId }, undefined, 'POST'), created: true, changed: true, warnings };
      });
    },

    update(tenantId: string, type: string, id: string, body: unknown, ifMatch?: number): Written {
      knownType(type);
      if (!FHIR_ID.test(id)) throw fhirFailure('validation', 'invalid', `"${id}" is not a valid FHIR id`);
      const { resource, warnings } = validateFhirResource(body);
      if (resource.resourceType !== type) throw fhirFailure('validation', 'invalid', `The body is a ${resource.resourceType}, not a ${type}`, ['resourceType']);
      if (resource.id !== id) throw fhirFailure('validation', 'invalid', `The body's id (${resource.id ?? 'none'}) must equal the URL's id (${id})`, [`${type}.id`]);
      return transact(() => {
        const previous = repo.read(tenantId, type, id);
        if (ifMatch !== undefined && previous?.versionId !== ifMatch) {
          throw fhirFailure('precondition_failed', 'conflict', `${type}/${id} is at version ${previous?.versionId ?? 'none'}, not ${ifMatch}`);
        }
        const created = !previous || previous.deleted;
        if (previous && !created) {
          const current = parse(previous);
          if (sameContent(current, resource)) return { resource: current, created: false, changed: false, warnings };
        }
        return { resource: write(tenantId, resource, previous, 'PUT'), created, changed: true, warnings };
      });
    },

    remove(tenantId: string, type: string, id: string, ifMatch?: number): void {
      knownType(type);
      transact(() => {
        const previous = repo.read(tenantId, type, id);
        const current = previous && !previous.deleted ? previous.versionId : undefined;
        if (ifMatch !== undefined && current !== ifMatch) throw fhirFailure('precondition_failed', 'conflict', `${type}/${id} is at version ${current ?? 'none'}, not ${ifMatch}`);
        if (!previous || previous.deleted) return;
        repo.write(tenantId, { resourceType: type, id, versionId: previous.versionId + 1, lastUpdated: clock.now(), content: null, method: 'DELETE' }, null, previous.indexDigest);
      });
    },

    history(tenantId: string, scope: { type?: string; id?: string; since?: number }, count: number, offset: number, baseUrl: string): Bundle {
      if (scope.type) knownType(scope.type);
      const { rows, total } = repo.history(tenantId, scope, count, offset);
      // An instance with no versions since `_since` has an empty history; one that never existed is 404.
      if (scope.id && total === 0 && !repo.read(tenantId, scope.type as string, scope.id)) throw notFoundError(scope.type as string, scope.id);
      const entry: BundleEntry[] = rows.map((row) => ({
        fullUrl: `${baseUrl}/${row.resourceType}/${row.id}`,
        ...(row.deleted ? {} : { resource: parse(row) }),
        // The method that wrote the version: a resource created by PUT with its id was not POSTed.
        request: historyRequest(row),
        response: { status: row.deleted ? '204' : row.versionId === 1 ? '201' : '200', etag: etagOf(row.versionId), lastModified: new Date(row.lastUpdated).toISOString() },
      }));
      return { resourceType: 'Bundle', type: 'history', total, entry };
    },
  };
}
export type FhirService = ReturnType<typeof createFhirService>;
