import { ErrorCode, ErrorEnvelope, operations, type ChangeEvent, type HttpMethod, type OperationName, type Result } from '@contract/index';
import type { AccessTokenStore } from './access-token';
import type { ChangeListener, Transport } from './client';

export interface HttpRequest {
  method: HttpMethod;
  /** Path and query string, relative to the engine's origin. */
  url: string;
  body?: string;
}

const PATH_PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** Maps an operation call onto the REST route the engine serves for it. */
export function buildRequest(operation: OperationName, input: unknown): HttpRequest {
  const { method, path } = operations[operation].http;
  const rest: Record<string, unknown> = { ...(input as Record<string, unknown> | undefined) };
  const resolved = path.replace(PATH_PARAM, (_match, name: string) => {
    const value = rest[name];
    if (value === undefined || value === null || value === '') throw new Error(`${operation} needs "${name}"`);
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  if (method === 'GET') return { method, url: resolved + queryString(rest) };
  // The engine takes a write's input from its JSON body and path only, never from the query string.
  if (method === 'DELETE' && Object.keys(rest).length === 0) return { method, url: resolved };
  return { method, url: resolved, body: JSON.stringify(rest) };
}

function queryString(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    // Unset filters are left out rather than sent empty, which the engine would read as a value.
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export interface HttpTransportOptions {
  /** Origin of the engine; empty when the console is served by the engine itself. */
  baseUrl: string;
  tokens: AccessTokenStore;
  fetch?: typeof fetch;
}

export function createHttpTransport({ baseUrl, tokens, fetch: fetchFn = globalThis.fetch.bind(globalThis) }: HttpTransportOptions): Transport {
  return {
    async call(operation, input) {
      let request: HttpRequest;
      try {
        request = buildRequest(operation, input);
      } catch (error) {
        return failure(0, ErrorCode.INTEROP_INVALID_CALL, messageOf(error));
      }
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (request.body !== undefined) headers['Content-Type'] = 'application/json';
      if (tokens.token) headers.Authorization = `Bearer ${tokens.token}`;
      let response: Response;
      try {
        response = await fetchFn(baseUrl + request.url, { method: request.method, headers, body: request.body });
      } catch (error) {
        return failure(0, ErrorCode.INTEROP_UNREACHABLE, `The engine did not answer (${messageOf(error)})`);
      }
      if (response.status === 401) tokens.markRequired();
      return readResult(response);
    },
    async fetchFile(url) {
      let response: Response;
      try {
        response = await fetchFn(baseUrl + url, { headers: tokens.token ? { Authorization: `Bearer ${tokens.token}` } : {} });
      } catch (error) {
        return failure(0, ErrorCode.INTEROP_UNREACHABLE, `The engine did not answer (${messageOf(error)})`);
      }
      if (response.status === 401) tokens.markRequired();
      if (response.ok) return { ok: true, value: await response.blob() };
      return readResult(response);
    },
    subscribe: (listener) =>
      openEventStream(() => {
        const token = tokens.token;
        // EventSource cannot send headers, so the token travels in the query string.
        return `${baseUrl}/api/v1/events${token ? `?access_token=${encodeURIComponent(token)}` : ''}`;
      }, listener, tokens.subscribe),
  };
}

/** A response as a Result: the value, or the error envelope (or a stand-in for an answer that is not one). */
export async function readResult<T>(response: Response): Promise<Result<T>> {
  if (response.status === 204) return { ok: true, value: null as T };
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    if (response.ok) return failure(response.status, ErrorCode.INTEROP_BAD_RESPONSE, 'The engine answered with something other than JSON');
  }
  if (response.ok) return { ok: true, value: body as T };
  const envelope = ErrorEnvelope.safeParse(body);
  if (envelope.success) return { ok: false, status: response.status, error: envelope.data.error };
  // FHIR routes (export files) answer with an OperationOutcome.
  const diagnostics = (body as { issue?: { diagnostics?: unknown }[] } | null)?.issue?.[0]?.diagnostics;
  if (typeof diagnostics === 'string') return failure(response.status, `HTTP_${response.status}`, diagnostics);
  return failure(response.status, `HTTP_${response.status}`, `${response.status} ${response.statusText || 'error'}`.trim());
}

function failure(status: number, code: string, message: string): Result<never> {
  return { ok: false, status, error: { code, message } };
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const REOPEN_DELAY_MS = 5_000;

/**
 * Server-sent change events for a console in a browser. `url` is read on every (re)open so a new access
 * token takes effect; `reopenWhen` signals that it may have changed.
 */
function openEventStream(url: () => string, listener: ChangeListener, reopenWhen: (signal: () => void) => () => void): () => void {
  let source: EventSource | null = null;
  let openedUrl = '';
  let interrupted = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = (): void => {
    openedUrl = url();
    const current = new EventSource(openedUrl);
    source = current;
    current.onmessage = (message: MessageEvent<string>) => {
      const event = parseChangeEvent(message.data);
      if (event) listener.change(event);
    };
    current.onopen = () => {
      if (!interrupted) return;
      interrupted = false;
      listener.resync();
    };
    current.onerror = () => {
      interrupted = true;
      // The browser retries a dropped stream by itself but gives up on an error answer (401, 503).
      if (current.readyState === EventSource.CLOSED) timer = setTimeout(reopen, REOPEN_DELAY_MS);
    };
  };
  const reopen = (): void => {
    clearTimeout(timer);
    source?.close();
    open();
  };

  const stopWatching = reopenWhen(() => {
    if (url() !== openedUrl) reopen();
  });
  open();
  return () => {
    stopWatching();
    clearTimeout(timer);
    source?.close();
  };
}

function parseChangeEvent(data: string): ChangeEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as ChangeEvent).topic === 'string') return value as ChangeEvent;
  } catch {
    // A malformed event is dropped rather than ending the stream.
  }
  return null;
}
