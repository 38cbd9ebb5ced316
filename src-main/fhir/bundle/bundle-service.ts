import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import type { Transact } from '../../store/transact';
import { overlappingEntries, repeatedFullUrl } from './bundle-identities';
import { conditionalReferences, rewriteReferences, transactionOrder } from './bundle-references';
import { etagOf, versionFromEtag, type FhirService, type Written } from '../store-service';
import { operationUrl, runBundleOperation } from './bundle-operations';
import { ifNoneExistCriteria, onlyMatch as onlyMatchOf } from '../conditional-match';
import { notModified } from '../rest/conditional-read';
import { subsetOnRead } from '../rest/read-subset';
import { assertFhirId } from '../fhir-id';
import { AppError } from '../../core/errors';
import { fhirAnswerOf, fhirFailure, outcomeOf, withOutcome } from '../outcome';
import { readPatch } from '../patch/patch-document';
import { patchResource } from '../patch/patch-resource';
import type { Compartment, SearchService } from '../search-service';
import { newResourceId } from '../resource-id';

type Entry = BundleEntry;

/** What a transaction entry did to its resource: made it, wrote a new version, or left it as it was. */
export type EntryAction = 'created' | 'updated' | 'unchanged';
const actionOf = (w: Written): EntryAction => (w.created ? 'created' : w.changed ? 'updated' : 'unchanged');

/** A transaction entry's answer, and for a create or update what it did. */
interface Executed {
  entry: Entry;
  action?: EntryAction;
}

/** A batch/transaction response entry for a resource that was read or written. */
export const responseEntry = (status: string, resource?: Resource): Entry => ({
  ...(resource ? { resource } : {}),
  response: { status, ...(resource?.meta?.versionId ? { etag: etagOf(Number(resource.meta.versionId)), lastModified: resource.meta.lastUpdated } : {}), ...(resource ? { location: `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}` } : {}) },
});

/** A failed batch entry: its status and OperationOutcome; other errors are not the entry's fault. */
export function failedEntry(error: unknown): Entry {
  if (!(error instanceof AppError)) throw error;
  const answer = fhirAnswerOf(error);
  return { response: { status: String(answer.status), outcome: answer.outcome } };
}

/** A transaction entry's id, resolved before any entry runs: a conditional entry's match, or a new id. */
interface Resolved {
  id: string;
  matched: boolean;
}

/** batch and transaction Bundles (POST /fhir/R4): per-entry outcomes, or all-or-nothing. */
export function createBundleService(service: FhirService, search: SearchService, transact: Transact) {
  const onlyMatch = (tenantId: string, type: string, query: string): Resource | undefined => onlyMatchOf(search, tenantId, type, query);

  const written = (w: Written): Executed => ({ entry: responseEntry(w.created ? '201 Created' : '200 OK', w.resource), action: actionOf(w) });

  /**
   * One entry. A transaction passes what it resolved up front (`resolved`: the entry's id, and whether a
   * conditional create or update matched an existing resource), so no conditional query runs twice.
   */
  function execute(tenantId: string, entry: Entry, resolved?: Resolved, baseUrl = ''): Executed {
    const method = entry.request?.method;
    const [path = '', query] = (entry.request?.url ?? '').split('?');
    const [type = '', id, extra, version] = path.split('/');
    if (!method || !type) throw fhirFailure('validation', 'invalid', 'Each entry needs request.method and request.url');
    const op = method === 'POST' || method === 'GET' ? operationUrl(path) : undefined;
    if (op) return { entry: runBundleOperation(entry, op, path, query) };
    const withId = (): string => {
      if (!id || extra !== undefined) throw fhirFailure('validation', 'invalid', `${method} ${entry.request?.url} needs a Type/id url`);
      assertFhirId(id);
      return id;
    };
    switch (method) {
      case 'POST': {
        const ifNoneExist = entry.request?.ifNoneExist;
        if (resolved) return written(service.create(tenantId, type, entry.resource, resolved.matched ? () => service.read(tenantId, type, resolved.id) : undefined, resolved.id));
        return written(service.create(tenantId, type, entry.resource, ifNoneExist ? () => onlyMatch(tenantId, type, ifNoneExist) : undefined));
      }
      case 'PUT': {
        // Conditional update: the one match is updated, none means create with a new id.
        const target = query === undefined ? withId() : (resolved?.id ?? onlyMatch(tenantId, type, query)?.id ?? newResourceId());
        const body = query === undefined ? entry.resource : { ...(entry.resource as Resource), id: target };
        return written(service.update(tenantId, type, target, body, versionFromEtag(entry.request?.ifMatch)));
      }
      case 'DELETE': {
        const target = query === undefined ? withId() : onlyMatch(tenantId, type, query)?.id;
        if (target) service.remove(tenantId, type, target, query === undefined ? versionFromEtag(entry.request?.ifMatch) : undefined);
        return { entry: { response: { status: '204 No Content' } } };
      }
      case 'PATCH': {
        const target = query === undefined ? withId() : onlyMatch(tenantId, type, query)?.id;
        if (!target) throw fhirFailure('not_found', 'not-found', `${entry.request?.url} matches no resource to patch`);
        return written(patchResource(service, transact, tenantId, type, target, readPatch(entry.resource), versionFromEtag(entry.request?.ifMatch)));
      }
      case 'GET': {
        const params = [...new URLSearchParams(query ?? '').entries()];
        const searched = (searchType: string, compartment?: Compartment): Executed => ({
          entry: { resource: search.search(tenantId, searchType, params, baseUrl, undefined, compartment), response: { status: '200 OK' } },
        });
        if (id === undefined) return searched(type);
        // `Patient/123/Observation?…`: a search within that Patient's compartment.
        if (extra !== undefined && /^[A-Z][A-Za-z]*$/.test(extra) && path.split('/').length === 3) {
          assertFhirId(id);
          return searched(extra, { type, id });
        }
        if (extra === '_history' && version !== undefined && path.split('/').length === 4) {
          assertFhirId(id);
          if (!/^[1-9]\d*$/.test(version)) throw fhirFailure('validation', 'invalid', `"${version}" is not a version id`);
          return { entry: responseEntry('200 OK', subsetOnRead(service.vread(tenantId, type, id, Number(version)), params)) };
        }
        const current = service.read(tenantId, type, withId());
        if (notModified(current, entry.request?.ifNoneMatch, entry.request?.ifModifiedSince)) return { entry: { response: { status: '304 Not Modified', etag: etagOf(Number(current.meta?.versionId)) } } };
        return { entry: responseEntry('200 OK', subsetOnRead(current, params)) };
      }
      default:
        throw fhirFailure('validation', 'not-supported', `${method} is not supported in a Bundle entry`);
    }
  }

  /**
   * `afterEntry` runs inside the transaction after each entry, so what it writes commits or rolls back
   * with it; `action` says what a create, update or patch did (a no-op update is `unchanged`).
   */
  function transaction(tenantId: string, entries: Entry[], afterEntry?: (index: number, response: Entry, action: EntryAction | undefined) => void): Bundle {
    const repeated = repeatedFullUrl(entries);
    if (repeated) throw fhirFailure('validation', 'invalid', `entries ${repeated.first} and ${repeated.second} have the same fullUrl ${repeated.fullUrl}: fullUrl must be unique in a Bundle (bdl-7)`, [`Bundle.entry[${repeated.second}].fullUrl`]);
    return transact(() => {
      // Resolve every id first — new ones, and the matches of conditional entries — so urn:uuid references point at them.
      const resolutions = entries.map((e): Resolved | undefined => {
        const [path = '', query] = (e.request?.url ?? '').split('?');
        const criteria = e.request?.method === 'POST' ? e.request.ifNoneExist : e.request?.method === 'PUT' ? query : undefined;
        if (e.request?.method !== 'POST' && criteria === undefined) return undefined;
        const matched = criteria === undefined ? undefined : onlyMatch(tenantId, path, criteria)?.id;
        return matched === undefined ? { id: newResourceId(), matched: false } : { id: matched, matched: true };
      });
      const ids = resolutions.map((r) => r?.id);
      const overlap = overlappingEntries(
        entries.map((e) => (e.request ? { method: e.request.method ?? '', url: e.request.url ?? '', ifNoneExist: e.request.ifNoneExist } : undefined)),
        ids,
      );
      if (overlap) throw fhirFailure('validation', 'invalid', `entries ${overlap.first} and ${overlap.second} both write ${overlap.identity}: a transaction may write a resource only once`, [`Bundle.entry[${overlap.second}].request`]);
      const replacements = new Map<string, string>();
      entries.forEach((e, i) => {
        const type = e.request?.url?.split(/[/?]/)[0];
        if (ids[i] && type && e.fullUrl?.startsWith('urn:uuid:')) replacements.set(e.fullUrl, `${type}/${ids[i]}`);
      });
      // Conditional references (`Practitioner?identifier=…`) become a reference to their one match; none or several fails the transaction.
      for (const reference of new Set(entries.flatMap((e) => conditionalReferences(e.resource)))) {
        const [type = '', query = ''] = reference.split(/\?(.*)/s);
        const match = onlyMatch(tenantId, type, query);
        if (!match) throw fhirFailure('precondition_failed', 'not-found', `The conditional reference ${reference} matches no resource`);
        replacements.set(reference, `${type}/${match.id}`);
      }
      const rewritten = entries.map((e) => (e.resource ? { ...e, resource: rewriteReferences(e.resource, replacements) } : e));
      const responses: Entry[] = new Array(entries.length);
      for (const i of transactionOrder(entries.map((e) => e.request?.method ?? ''))) {
        try {
          const done = execute(tenantId, rewritten[i] as Entry, resolutions[i]);
          responses[i] = done.entry;
          afterEntry?.(i, done.entry, done.action);
        } catch (error) {
          // Any failure rolls the whole transaction back; say which entry failed.
          const said = outcomeOf(error);
          if (error instanceof AppError && said) {
            const issue = said.issue?.map((x) => ({ ...x, diagnostics: `entry ${i}: ${x.diagnostics ?? x.details?.text ?? 'failed'}` }));
            throw withOutcome(error, { ...said, issue: issue ?? [] });
          }
          throw error;
        }
      }
      return { resourceType: 'Bundle', type: 'transaction-response', entry: responses };
    });
  }

  /** One batch entry on the local store; a failure becomes that entry's response. */
  function batchEntry(tenantId: string, entry: Entry, baseUrl: string): Entry {
    try {
      return execute(tenantId, entry, undefined, baseUrl).entry;
    } catch (error) {
      return failedEntry(error);
    }
  }

  return { transaction, batchEntry };
}

/** The most entries a batch or transaction Bundle posted to the base URL may have, unless configured otherwise. */
export const DEFAULT_BUNDLE_MAX_ENTRIES = 1000;

/** The body of POST [base]: a batch or transaction Bundle, else 400; more than `maxEntries` entries, 413 too-costly. */
export function bundleOf(body: unknown, maxEntries = DEFAULT_BUNDLE_MAX_ENTRIES): Bundle & { type: 'batch' | 'transaction' } {
  const bundle = body as Bundle | undefined;
  if (typeof bundle !== 'object' || bundle === null || bundle.resourceType !== 'Bundle') throw fhirFailure('validation', 'invalid', 'POST to the base URL takes a batch or transaction Bundle');
  if (bundle.type !== 'transaction' && bundle.type !== 'batch') throw fhirFailure('validation', 'invalid', `Bundle.type must be batch or transaction, not ${typeof bundle.type === 'string' ? bundle.type : 'missing'}`, ['Bundle.type']);
  if (bundle.entry !== undefined && !Array.isArray(bundle.entry)) throw fhirFailure('validation', 'structure', 'Bundle.entry must be an array', ['Bundle.entry']);
  if ((bundle.entry?.length ?? 0) > maxEntries) {
    throw fhirFailure('too_large', 'too-costly', `The ${bundle.type} has ${bundle.entry?.length} entries; this server takes at most ${maxEntries} in one Bundle`, ['Bundle.entry']);
  }
  return bundle as Bundle & { type: 'batch' | 'transaction' };
}

/**
 * Entries as the server reads them: a request.url that is absolute under this server's base (`[base]/Patient/1`,
 * as some client libraries write them) made relative (`Patient/1`), and an ifNoneExist written as a URL
 * (`Patient?identifier=…`) cut to its criteria (conditional-match.ts); others are left as they are.
 */
export function withPlainRequests(entries: readonly Entry[], baseUrl: string): Entry[] {
  const prefix = `${baseUrl}/`;
  return entries.map((e) => {
    if (!e.request) return e;
    const url = e.request.url?.startsWith(prefix) ? e.request.url.slice(prefix.length) : e.request.url;
    const type = url?.split(/[/?]/)[0] ?? '';
    const ifNoneExist = e.request.ifNoneExist === undefined ? undefined : ifNoneExistCriteria(e.request.ifNoneExist, type);
    return url === e.request.url && ifNoneExist === e.request.ifNoneExist ? e : { ...e, request: { ...e.request, url, ifNoneExist } };
  });
}
export type BundleService = ReturnType<typeof createBundleService>;
