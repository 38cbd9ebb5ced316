import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { AppError } from '../../core/errors';
import { refusedRule, type GuardedFetch } from '../../fetch/fetch-policy';
import type { RoutingRuleRow, RoutingRulesRepo } from '../../store/routing-rules-repo';
import { assertFhirId } from '../fhir-id';
import { parseFhirAnswer, stringifyFhirJson } from '../fhir-json-text';

/** What an upstream answered: the resource, its own refusal (passed through), or nothing (it is unreachable). */
export type UpstreamAnswer<T> = { kind: 'ok'; value: T } | { kind: 'refused'; status: number; outcome: OperationOutcome } | { kind: 'unavailable'; reason: string };

export interface UpstreamRouterDeps {
  rules: RoutingRulesRepo;
  /**
   * Fetches a rule's service URL under the fetch policy (FetchPolicy.configuredFetch): resolved and
   * checked at every call (a FETCH_URL_REFUSED AppError where it must not point), pinned, no redirects.
   */
  fetch: GuardedFetch;
  timeoutMs?: number;
}

type Expect = (value: unknown) => boolean;
const resourceOf =
  (type: string): Expect =>
  (value) =>
    typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
const anyAnswer: Expect = () => true;

interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Relative to the rule's service URL: `Patient/1`, `Patient?name=x`, `` (the base, for a transaction). */
  path: string;
  body?: Resource;
}

/** Why the fetch failed, in the words of a fallback warning. */
function failureReason(error: unknown): string {
  const refused = refusedRule(error);
  if (refused !== undefined) {
    const status = (error as AppError).details as { status?: number };
    return status.status !== undefined ? `the owning server answered ${status.status} (redirects are not followed)` : `its URL was refused: ${refused}`;
  }
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || (error instanceof Error && error.message === 'the host name did not resolve')) return 'its host name could not be resolved';
  return error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time' : 'it could not be reached';
}

/**
 * Forwards FHIR interactions to the upstream server a routing rule names. 4xx answers are the
 * upstream's verdict and pass through; network errors, timeouts, redirects and 5xx mean "unavailable",
 * and the caller falls back to the local store. The service URL is resolved and checked at every call
 * (never a link-local address, never the engine's own ports), and an answer that is not the FHIR
 * resource asked for is never relayed: it too means "unavailable".
 *
 * The fetch policy's fetch rather than fhir-kit-client: fhir-kit-client reads every answer with
 * JSON.parse and gives no hook for the text, so a relayed `1.30` would reach the caller as `1.3`.
 * Read as text and parsed with parseFhirAnswer (fhir-json-text.ts), the upstream's decimals are relayed as it wrote them.
 */
export function createUpstreamRouter(deps: UpstreamRouterDeps) {
  const timeoutMs = deps.timeoutMs ?? 5000;

  async function call<T>(rule: RoutingRuleRow, expect: Expect, request: UpstreamRequest): Promise<UpstreamAnswer<T>> {
    const base = (rule.serviceUrl as string).replace(/\/$/, '');
    const headers: Record<string, string> = { accept: 'application/fhir+json' };
    if (request.body) headers['content-type'] = 'application/fhir+json';
    let status: number;
    let text: string;
    try {
      const response = await deps.fetch(`${base}/${request.path}`, {
        method: request.method,
        headers,
        ...(request.body ? { body: stringifyFhirJson(request.body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      return { kind: 'unavailable', reason: failureReason(error) };
    }
    if (status >= 400 && status < 500) {
      const data = parseFhirAnswer(text) as OperationOutcome | undefined;
      const outcome: OperationOutcome = data?.resourceType === 'OperationOutcome' ? data : { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: `The owning server answered ${status}` }] };
      return { kind: 'refused', status, outcome };
    }
    if (status < 200 || status >= 300) return { kind: 'unavailable', reason: `the owning server answered ${status}` };
    const value = parseFhirAnswer(text);
    if (value === undefined || !expect(value)) return { kind: 'unavailable', reason: 'it answered with something that is not the FHIR resource asked for' };
    return { kind: 'ok', value: value as T };
  }

  /** An id goes into the upstream URL's path only when it is a FHIR id (so never `..`). */
  const withId = <T>(id: string | undefined, work: () => Promise<T>): Promise<T> => {
    if (id !== undefined) assertFhirId(id);
    return work();
  };

  const query = (params: readonly [string, string][]): string => (params.length > 0 ? `?${new URLSearchParams([...params]).toString()}` : '');

  return {
    /** The active routing rules of a type, best first (routing-selection decides which applies). */
    rulesFor: (tenantId: string, resourceType: string): RoutingRuleRow[] => deps.rules.activeFor(tenantId, resourceType),
    read: (rule: RoutingRuleRow, type: string, id: string) => withId(id, () => call<Resource>(rule, resourceOf(type), { method: 'GET', path: `${type}/${id}` })),
    vread: (rule: RoutingRuleRow, type: string, id: string, version: string) => withId(id, () => call<Resource>(rule, resourceOf(type), { method: 'GET', path: `${type}/${id}/_history/${encodeURIComponent(version)}` })),
    /** `path` is `Type` or `Type/id`. */
    history: (rule: RoutingRuleRow, path: string, params: readonly [string, string][]) => withId(path.split('/')[1], () => call<Bundle>(rule, resourceOf('Bundle'), { method: 'GET', path: `${path}/_history${query(params)}` })),
    search: (rule: RoutingRuleRow, type: string, params: readonly [string, string][]) => call<Bundle>(rule, resourceOf('Bundle'), { method: 'GET', path: `${type}${query(params)}` }),
    create: (rule: RoutingRuleRow, type: string, body: Resource) => call<Resource>(rule, resourceOf(type), { method: 'POST', path: type, body }),
    update: (rule: RoutingRuleRow, type: string, id: string, body: Resource) => withId(id, () => call<Resource>(rule, resourceOf(type), { method: 'PUT', path: `${type}/${id}`, body })),
    remove: (rule: RoutingRuleRow, type: string, id: string) => withId(id, () => call<unknown>(rule, anyAnswer, { method: 'DELETE', path: `${type}/${id}` })),
    transaction: (rule: RoutingRuleRow, body: Bundle) => call<Bundle>(rule, resourceOf('Bundle'), { method: 'POST', path: '', body }),
    /** Whether the server answers at all (its CapabilityStatement), for decisions made before any write. */
    reachable: async (rule: RoutingRuleRow): Promise<boolean> => (await call<unknown>(rule, anyAnswer, { method: 'GET', path: 'metadata' })).kind !== 'unavailable',
  };
}
export type UpstreamRouter = ReturnType<typeof createUpstreamRouter>;
