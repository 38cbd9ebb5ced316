import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../core/request-context';

/** What a request answered 429 carries to the error handlers, which write it as their surface's refusal. */
export interface RateLimited {
  statusCode: 429;
  code: 'INTEROP_RATE_LIMITED';
  message: string;
}

export const isRateLimited = (error: unknown): error is RateLimited => (error as { code?: unknown } | null)?.code === 'INTEROP_RATE_LIMITED';

/**
 * Requests per minute per caller: undefined leaves a caller unlimited (the desktop, loopback without
 * credentials, the operator's own access token and sessions); an API client has its own limit, an
 * anonymous caller one per address.
 */
export type LimitOf = (principal: Principal | undefined) => number | undefined;

/** Per-principal limits (keyed by principal id, by address when anonymous) with Retry-After on 429. Register before the routes. */
export async function registerRateLimit(app: FastifyInstance, limitOf: LimitOf): Promise<void> {
  const keyOf = (request: FastifyRequest): string => (request.principal ? `principal:${request.principal.id}` : `address:${request.ip}`);
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: 60_000,
    keyGenerator: keyOf,
    allowList: (request) => limitOf(request.principal) === undefined,
    max: (request) => limitOf(request.principal) ?? Number.MAX_SAFE_INTEGER,
    errorResponseBuilder: (_request, context): RateLimited => ({ statusCode: 429, code: 'INTEROP_RATE_LIMITED', message: `Too many requests: the limit is ${context.max} a minute; retry in ${context.after}` }),
  });
}
