/** What a send to an outbound destination came to: delivered, worth another try later, or never deliverable as it is. */
export interface SendResult {
  outcome: 'delivered' | 'retry' | 'dead';
  /** The HTTP status the destination answered, when it answered. */
  status?: number;
  /** The destination asked to be left alone this long (Retry-After); the lane waits at least this long. */
  retryAfterMs?: number;
  /** Why it was not delivered: a stable code and a message naming no resource content. */
  error?: { code: string; message: string };
}

/** RFC 9110 Retry-After: delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How an answer from a FHIR server settles a write: 2xx delivered (and, for a DELETE, 404 or 410 — the
 * resource is already gone); 408 and 429 are the server asking for later (with its Retry-After), as are
 * 5xx; any other 4xx is the server's verdict on this write, which sending it again will not change; a
 * 3xx is not followed (the destination's URL is wrong) and is final too.
 */
export function fhirRestOutcome(status: number, method: string, retryAfter: string | null | undefined, now: number): SendResult {
  if (status >= 200 && status < 300) return { outcome: 'delivered', status };
  if (method === 'DELETE' && (status === 404 || status === 410)) return { outcome: 'delivered', status };
  const wait = retryAfterMs(retryAfter, now);
  const later = (code: string, message: string): SendResult => ({ outcome: 'retry', status, ...(wait !== undefined ? { retryAfterMs: wait } : {}), error: { code, message } });
  if (status === 408 || status === 429) return later('OUTBOUND_FHIR_THROTTLED', `The FHIR server answered ${status}`);
  if (status >= 500) return later('OUTBOUND_FHIR_SERVER_ERROR', `The FHIR server answered ${status}`);
  if (status >= 300 && status < 400) return { outcome: 'dead', status, error: { code: 'OUTBOUND_FHIR_REDIRECT', message: `The FHIR server answered ${status}; redirects are not followed (check the destination's URL)` } };
  return { outcome: 'dead', status, error: { code: 'OUTBOUND_FHIR_REFUSED', message: `The FHIR server refused the write with ${status}` } };
}
