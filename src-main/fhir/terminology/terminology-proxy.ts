import { refusedRule, type GuardedFetch } from '../../fetch/fetch-policy';
import type { Logger } from '../../core/logger';
import { fhirFailure } from '../outcome';
import { createAnswerCache } from './answer-cache';

export interface TerminologyServerConfig {
  /** The server's FHIR base, e.g. https://tx.fhir.org/r4. */
  url: string;
  /** The Authorization header value sent to it; never logged or returned. */
  authorization?: string | undefined;
  timeoutMs?: number;
}

/** A terminology operation as received, relative to the FHIR base: `CodeSystem/$lookup`, the raw query, the parsed body. */
export interface ForwardedRequest {
  method: 'GET' | 'POST';
  path: string;
  query: string;
  body: unknown;
}

/** The terminology server's answer, passed on as it came; `stale` when it is a cached answer past its time to live. */
export interface ProxiedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  stale: boolean;
}

export interface TerminologyProxyDeps {
  now: () => number;
  logger: Logger;
  /** Fetches the configured server under the fetch policy (FetchPolicy.configuredFetch): no link-local, not the engine itself, no redirects. */
  fetch: GuardedFetch;
  maxEntries?: number;
  ttlMs?: number;
}

const FHIR_JSON = 'application/fhir+json';
/** A large expansion is passed on but not kept, so the cache stays small. */
const MAX_CACHED_BYTES = 1024 * 1024;

/** Whether the bytes are a FHIR resource in JSON; anything else is not passed on. */
function isFhirJson(bytes: Buffer): boolean {
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { resourceType?: unknown }).resourceType === 'string';
  } catch {
    return false;
  }
}

function encodeBody(body: unknown): { contentType: string; text: string } | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return { contentType: 'application/x-www-form-urlencoded', text: body };
  return { contentType: FHIR_JSON, text: JSON.stringify(body) };
}

/**
 * Forwards terminology operations the bundled tables cannot answer to a configured FHIR terminology
 * server, and passes its answer on unchanged when it is a FHIR resource. Plain fetch rather than fhir-kit-client, because the
 * answer is relayed byte for byte whatever its status. As with upstream FHIR servers, network errors,
 * timeouts and 5xx mean "unavailable"; successful answers are cached (LRU with a time to live) so a
 * repeated request is answered without the server, and a stale one still stands in while it is down.
 */
export function createTerminologyProxy(config: TerminologyServerConfig, deps: TerminologyProxyDeps) {
  const base = config.url.replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 5000;
  const cache = createAnswerCache<Omit<ProxiedAnswer, 'stale'>>({ maxEntries: deps.maxEntries ?? 1000, ttlMs: deps.ttlMs ?? 60 * 60 * 1000 });

  async function ask(request: ForwardedRequest, body: ReturnType<typeof encodeBody>): Promise<Omit<ProxiedAnswer, 'stale'> | { unavailable: string }> {
    const headers: Record<string, string> = { Accept: FHIR_JSON };
    if (config.authorization) headers.Authorization = config.authorization;
    if (body) headers['Content-Type'] = body.contentType;
    try {
      const response = await deps.fetch(`${base}/${request.path}${request.query ? `?${request.query}` : ''}`, {
        method: request.method,
        headers,
        ...(body ? { body: body.text } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      if (response.status >= 500) return { unavailable: `it answered ${response.status}` };
      if (!isFhirJson(bytes)) return { unavailable: 'it answered with something that is not a FHIR resource' };
      return { status: response.status, contentType: response.headers.get('content-type') ?? FHIR_JSON, body: bytes };
    } catch (error) {
      const rule = refusedRule(error);
      if (rule !== undefined) return { unavailable: `its URL was refused: ${rule}` };
      return { unavailable: error instanceof Error && error.name === 'TimeoutError' ? 'it did not answer in time' : 'it could not be reached' };
    }
  }

  return {
    /** The server's answer (or a cached one); an `unavailable` (503 `transient`) AppError when neither is to be had. `missing` says what is not bundled. */
    async forward(request: ForwardedRequest, missing: string): Promise<ProxiedAnswer> {
      const body = encodeBody(request.body);
      const key = `${request.method} ${request.path}?${request.query}\n${body?.text ?? ''}`;
      const cached = cache.get(key, deps.now());
      if (cached && !cached.stale) return { ...cached.value, stale: false };

      const answer = await ask(request, body);
      if (!('unavailable' in answer)) {
        if (answer.status >= 200 && answer.status < 300 && answer.body.length <= MAX_CACHED_BYTES) cache.set(key, answer, deps.now());
        return { ...answer, stale: false };
      }
      deps.logger.log('warn', 'terminology server unavailable', { operation: request.path.replace(/^.*\//, ''), reason: answer.unavailable, cached: cached !== undefined });
      if (cached) return { ...cached.value, stale: true };
      throw fhirFailure('unavailable', 'transient', `The terminology server is unavailable (${answer.unavailable}) and this server does not bundle ${missing}; try again later`);
    },
  };
}
export type TerminologyProxy = ReturnType<typeof createTerminologyProxy>;
