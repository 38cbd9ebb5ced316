import { AppError } from '../core/errors';
import type { GuardedFetch } from '../fetch/fetch-policy';
import { webhookSignature } from './webhook-signature';

/** What one POST carries: the event as the receiver sees it, and where and how to sign it. */
export interface WebhookEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** One POST's result: never the response body, which may echo what the receiver holds. */
export type WebhookResult =
  | { outcome: 'delivered'; responseStatus: number; latencyMs: number }
  | { outcome: 'failed'; responseStatus: number | null; errorCode: string; latencyMs: number }
  | { outcome: 'aborted' };

export const WebhookErrorCode = {
  /** No answer (headers) within the timeout, or silence after them. */
  timeout: 'WEBHOOK_TIMEOUT',
  /** The receiver answered a status other than 2xx. */
  httpStatus: 'WEBHOOK_HTTP_STATUS',
  /** The receiver answered 3xx: redirects are not followed. */
  redirect: 'WEBHOOK_REDIRECT_REFUSED',
  /** The connection could not be made or broke (refused, reset, DNS). */
  connection: 'WEBHOOK_CONNECTION_FAILED',
} as const;
export type WebhookErrorCode = (typeof WebhookErrorCode)[keyof typeof WebhookErrorCode];

export interface WebhookSenderDeps {
  /** The fetch policy's configuredFetch: the URL resolved and checked at every send, pinned, redirects refused. */
  fetch: GuardedFetch;
  /** How long a receiver has to answer (default 10 s). */
  timeoutMs?: number;
  /** Wall time in ms, for the signature's timestamp. */
  now: () => number;
}

function failureOf(error: unknown): { responseStatus: number | null; errorCode: string } {
  if (error instanceof AppError && error.code === 'FETCH_URL_REFUSED') {
    const status = (error.details as { status?: number } | undefined)?.status;
    return status === undefined ? { responseStatus: null, errorCode: error.code } : { responseStatus: status, errorCode: WebhookErrorCode.redirect };
  }
  if (error instanceof Error && error.name === 'TimeoutError') return { responseStatus: null, errorCode: WebhookErrorCode.timeout };
  return { responseStatus: null, errorCode: WebhookErrorCode.connection };
}

/**
 * Posts an event as JSON `{id, type, occurredAt, data}`, signed (`X-Interop-Signature`), with
 * `X-Interop-Event-Id` (the event's id, the same on every retry, for the receiver's dedup) and
 * `X-Interop-Event-Type`. 2xx is delivered; any other answer, a redirect, a timeout or a broken connection
 * is a failed attempt. A stop (`signal`) is neither: the delivery is simply sent again after a restart.
 */
export function createWebhookSender(deps: WebhookSenderDeps) {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  return async (url: string, secret: string, event: WebhookEvent, signal: AbortSignal): Promise<WebhookResult> => {
    const body = JSON.stringify(event);
    const started = deps.now();
    const clockStart = performance.now();
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'interop-console-webhooks',
      'x-interop-signature': webhookSignature(secret, body, Math.floor(started / 1000)),
      'x-interop-event-id': event.id,
      'x-interop-event-type': event.type,
    };
    const latency = () => Math.round(performance.now() - clockStart);
    try {
      const response = await deps.fetch(url, { method: 'POST', headers, body, signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
      // The body is never read: only the status counts, and nothing of what the receiver says is kept.
      await response.body?.cancel().catch(() => undefined);
      const status = response.status;
      return status >= 200 && status < 300 ? { outcome: 'delivered', responseStatus: status, latencyMs: latency() } : { outcome: 'failed', responseStatus: status, errorCode: WebhookErrorCode.httpStatus, latencyMs: latency() };
    } catch (error) {
      if (signal.aborted) return { outcome: 'aborted' };
      return { outcome: 'failed', ...failureOf(error), latencyMs: latency() };
    }
  };
}
export type WebhookSender = ReturnType<typeof createWebhookSender>;
