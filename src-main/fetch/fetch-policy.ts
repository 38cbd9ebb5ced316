import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../core/errors';
import { adminAddressRefusal, adminUrlRefusal, allowListed, callerAddressRefusal, urlPort, type FetchAllowEntry, type OwnEndpoints } from './url-policy';

const URL_REFUSED = 'FETCH_URL_REFUSED';

/**
 * A fetch the policy refused; `details.rule` says which rule, never what the address answered beyond a
 * redirect's status (`details.status`), the one refusal that comes after the request went out.
 */
const urlRefused = (rule: string, status?: number): AppError => new AppError('forbidden', URL_REFUSED, `The URL was refused: ${rule}`, { rule, ...(status === undefined ? {} : { status }) });

/** The rule that refused a fetch, when `error` is such a refusal. */
export const refusedRule = (error: unknown): string | undefined =>
  error instanceof AppError && error.code === URL_REFUSED ? (error.details as { rule: string }).rule : undefined;

export interface GuardedInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** The fetch shape the engine's outbound reads use. */
export type GuardedFetch = (url: string, init?: GuardedInit) => Promise<Response>;

export interface FetchPolicyDeps {
  /** Hosts (and ports) the operator allows caller-supplied URLs to reach although they are not public. */
  allow: readonly FetchAllowEntry[];
  /** Where the engine listens right now (HTTP port, MLLP listener ports). */
  ownPorts: () => readonly number[];
  /** The HTTP bind address, if HTTP is served. */
  boundHost?: string | undefined;
  /** No response headers, or no bytes for this long, ends the fetch (default 30 s). */
  timeoutMs?: number;
}

type Resolved = { address: string; family: number };

async function resolveAll(url: URL): Promise<Resolved[]> {
  return lookup(url.hostname.replace(/^\[|\]$/g, ''), { all: true, verbatim: true });
}

const NULL_BODY = new Set([204, 205, 304]);

function toResponse(res: IncomingMessage): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const body = NULL_BODY.has(status) ? null : (Readable.toWeb(res) as WebReadableStream<Uint8Array> as ReadableStream<Uint8Array>);
  if (body === null) res.resume();
  return new Response(body, { status, headers });
}

/**
 * One request to a checked address: the connection goes to `address` whatever DNS says by then (so a
 * name cannot be rebound between the check and the connect), TLS still verifies the URL's host name,
 * redirects are errors, and silence longer than `timeoutMs` ends it.
 */
function pinnedRequest(url: URL, address: Resolved, init: GuardedInit, timeoutMs: number): Promise<Response> {
  const pin: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Resolved[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const headerDeadline = setTimeout(() => request.destroy(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })), timeoutMs);
    const request = send(url, { method: init.method ?? 'GET', headers: init.headers, lookup: pin, agent: false, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
      clearTimeout(headerDeadline);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        request.destroy();
        reject(urlRefused(`redirects are not followed (the server answered ${status})`, status));
        return;
      }
      if (status < 200 || status > 599) {
        request.destroy();
        reject(new Error('the server answered with an invalid status'));
        return;
      }
      resolve(toResponse(res));
    });
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error('the server went silent'), { name: 'TimeoutError' })));
    request.once('error', (error) => {
      clearTimeout(headerDeadline);
      // An aborted request fails with the signal's reason (a TimeoutError for AbortSignal.timeout), as fetch does.
      reject(init.signal?.aborted ? (init.signal.reason as unknown) : error);
    });
    request.end(init.body);
  });
}

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw urlRefused('only absolute http(s) URLs are fetched');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw urlRefused('only absolute http(s) URLs are fetched');
  return url;
}

/**
 * The engine's outbound fetch rules (url-policy.ts decides, this resolves and connects): caller-supplied URLs
 * are resolved, every address checked, and the connection pinned to a checked one; configured URLs are checked
 * when saved and resolved and checked again at every fetch.
 */
export function createFetchPolicy(deps: FetchPolicyDeps) {
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const own = (): OwnEndpoints => ({
    ports: deps.ownPorts(),
    boundHost: deps.boundHost,
    localAddresses: Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)),
  });

  async function checkedAddresses(url: URL, refusal: (address: string) => string | undefined): Promise<Resolved[]> {
    const addresses = await resolveAll(url);
    for (const { address } of addresses) {
      const rule = refusal(address);
      if (rule) throw urlRefused(rule);
    }
    if (addresses.length === 0) throw new Error('the host name did not resolve');
    return addresses;
  }

  const configuredAddresses = (url: URL) => checkedAddresses(url, (address) => adminAddressRefusal(address, urlPort(url), own()));

  return {
    /** For URLs an API caller supplied ($import inputs): public addresses only unless allow-listed; pinned; no redirects. */
    callerFetch: (async (text, init = {}) => {
      const url = parseHttpUrl(text);
      const addresses = await checkedAddresses(url, (address) => (allowListed(url, deps.allow) ? undefined : callerAddressRefusal(address)));
      return pinnedRequest(url, addresses[0] as Resolved, init, timeoutMs);
    }) satisfies GuardedFetch,

    /** For URLs an administrator configured (terminology server): resolved and checked now, pinned; no redirects. */
    configuredFetch: (async (text, init = {}) => {
      const url = parseHttpUrl(text);
      const addresses = await configuredAddresses(url);
      return pinnedRequest(url, addresses[0] as Resolved, init, timeoutMs);
    }) satisfies GuardedFetch,

    /** Resolves a configured URL and throws a FETCH_URL_REFUSED AppError when it now points where it must not. */
    async checkConfigured(text: string): Promise<void> {
      await configuredAddresses(parseHttpUrl(text));
    },

    /** Why a configured URL cannot be saved (its literal address or form), or undefined. */
    configuredRefusal: (text: string): string | undefined => adminUrlRefusal(text, own()),
  };
}
export type FetchPolicy = ReturnType<typeof createFetchPolicy>;
