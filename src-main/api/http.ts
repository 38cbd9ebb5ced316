import { createReadStream, existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { OperationOutcome } from '@medplum/fhirtypes';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { operations, operationNames, type OperationName } from '../../src-shared';
import type { ErrorBody } from '../core/errors';
import type { ChangeFeed } from '../core/change-events';
import type { Principal, RequestContext } from '../core/request-context';
import type { Dispatcher } from './dispatch';
import { accessTokenAuthenticator, authenticate, bearerToken, isRefusal, localPrincipal, type Authenticator } from './http-auth';
import { checkRequest, hostNames, needsCredentials, surfaceOf, UNAUTHORIZED, type Refusal, type RouteAccess } from './http-guard';
import { isRateLimited, registerRateLimit, type LimitOf } from './http-rate-limit';
import { requestTenant, TENANT_HEADER } from './request-tenant';
import { stringifyFhirJson } from '../fhir/fhir-json-text';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** Who the request acts as; undefined only on a public route called without credentials where they are required. */
    principal: Principal | undefined;
    /** The tenant the request acts in (requestTenant): its principal's, the one it named, or the server's. */
    tenantId: string | undefined;
  }
}

export interface HttpOptions {
  dispatcher: Dispatcher;
  changes: ChangeFeed;
  tenantId: string;
  /** When set, every route but health and the console files needs credentials; this token is one of them. */
  accessToken?: string | undefined;
  /** Whether credentials are required although no access token is set (operator accounts exist); asked per request. */
  credentialsRequired?: () => boolean;
  /** Further ways to prove who one is, tried after the access token (API clients' tokens, operators' sessions). */
  authenticators?: readonly Authenticator[];
  /** Serve HTTPS with this PEM certificate and key instead of plain HTTP. */
  https?: { cert: string; key: string } | undefined;
  /** The address the server binds; with the server names, the Host values it answers besides loopback names. */
  host: string;
  serverNames?: readonly string[] | undefined;
  /** Built console (out/renderer); absent in API-only tests. */
  rendererDir?: string | undefined;
  bodyLimitBytes?: number;
  /** Whether a tenant exists, for X-Interop-Tenant (default: only the server's own). */
  tenantExists?: (id: string) => boolean;
  /** Requests per minute per caller (undefined: unlimited); none when absent. */
  rateLimit?: LimitOf;
  /** Told of every answer to an authenticated request (per-client usage). */
  onAnswered?: (principal: Principal, status: number) => void;
  /** Connections open at once from one client address (default 64); one more is closed before a request is read. */
  maxConnectionsPerClient?: number | undefined;
  /** Further route sets on the same server (the FHIR gateway). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const PUBLIC_OPERATIONS = new Set<string>(['system.health']);

const sendError = (reply: FastifyReply, status: number, error: ErrorBody) => reply.code(status).type('application/json').send({ error });

function sendRefusal(reply: FastifyReply, refusal: Refusal, fhir: boolean): FastifyReply {
  for (const [name, value] of Object.entries(refusal.headers ?? {})) reply.header(name, value);
  if (!fhir) return sendError(reply, refusal.status, { code: refusal.code, message: refusal.message });
  const answer: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: refusal.status === 401 ? 'login' : refusal.status === 400 ? 'invalid' : refusal.status === 404 ? 'not-found' : 'forbidden', diagnostics: refusal.message, details: { coding: [{ code: refusal.code }] } }] };
  return reply.code(refusal.status).type('application/fhir+json; charset=utf-8').send(answer);
}

/** The headless HTTP surface: /api/v1 from the operation table, change events as SSE, and the console. */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const settings = { logger: false, bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024, return503OnClosing: true } as const;
  // Typed as the plain server: routes and hooks are the same; only the listener differs.
  const app = (options.https ? Fastify({ ...settings, https: options.https }) : Fastify(settings)) as unknown as FastifyInstance;
  const ctxOf = (request: FastifyRequest): RequestContext => requestContextOf(request, options.tenantId);
  capConnectionsPerClient(app, options.maxConnectionsPerClient ?? DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
  // FHIR resources in answers (the gateway's and the console's) keep each decimal's written text; anything else is JSON.stringify's.
  app.setReplySerializer((payload) => stringifyFhirJson(payload));

  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', CSP);
  });

  // Access is decided on the route that matched (the router decodes %61pi), before any body is read.
  const interfaceAddresses = Object.values(networkInterfaces()).flatMap((entries) => (entries ?? []).map((entry) => entry.address));
  const guard = { hostNames: hostNames(options.host, interfaceAddresses, options.serverNames ?? []) };
  const credentialsRequired = (): boolean => Boolean(options.accessToken) || (options.credentialsRequired?.() ?? false);
  const authenticators = [...(options.accessToken ? [accessTokenAuthenticator(options.accessToken)] : []), ...(options.authenticators ?? [])];
  app.decorateRequest('principal', undefined);
  app.decorateRequest('tenantId', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    const access = request.is404 ? undefined : (request.routeOptions.config.access ?? 'token');
    const fhir = request.is404 ? surfaceOf(request.url) === 'fhir' : (request.routeOptions.url ?? '').startsWith('/fhir/');
    const refusal = checkRequest({ method: request.method, url: request.url, access, host: header('host'), origin: header('origin'), secFetchSite: header('sec-fetch-site') }, guard);
    if (refusal) return sendRefusal(reply, refusal, fhir);
    const queryToken = access === 'token-or-query' && typeof query.access_token === 'string' ? query.access_token : undefined;
    const outcome = await authenticate(authenticators, { bearer: bearerToken(header('authorization')) ?? queryToken, cookie: header('cookie'), remoteAddress: request.ip });
    const needed = needsCredentials({ method: request.method, url: request.url, access });
    // Credentials that fail where none are needed (an ended session's cookie on the console page or on sign-in) count as none.
    if (isRefusal(outcome) && needed) return sendRefusal(reply, outcome, fhir);
    if (isRefusal(outcome)) for (const [name, value] of Object.entries(outcome.headers ?? {})) reply.header(name, value);
    const principal = isRefusal(outcome) ? undefined : outcome;
    request.principal = principal ?? (credentialsRequired() ? undefined : localPrincipal(request.ip));
    if (request.principal === undefined && needed) return sendRefusal(reply, UNAUTHORIZED, fhir);
    const tenant = requestTenant(request.principal, header(TENANT_HEADER), options.tenantId, options.tenantExists ?? ((id) => id === options.tenantId));
    if (typeof tenant !== 'string') return sendRefusal(reply, tenant, fhir);
    request.tenantId = tenant;
  });
  if (options.onAnswered) {
    const onAnswered = options.onAnswered;
    app.addHook('onResponse', async (request, reply) => {
      if (request.principal) onAnswered(request.principal, reply.statusCode);
    });
  }
  if (options.rateLimit) await registerRateLimit(app, options.rateLimit);
  // Writes take JSON only (FHIR routes add their own types, the conversions raw HL7 text); text/plain is what a cross-site form or fetch can send without asking.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    if (isRateLimited(error)) return sendError(reply, 429, { code: 'INTEROP_RATE_LIMITED', message: error.message });
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 413) return sendError(reply, 413, { code: 'INTEROP_PAYLOAD_TOO_LARGE', message: 'The request body is too large' });
    if (status === 415) return sendError(reply, 415, { code: 'INTEROP_UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON (Content-Type: application/json)' });
    if (status < 500) return sendError(reply, status, { code: 'INTEROP_BAD_REQUEST', message: error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The request body is not valid JSON' : 'The request could not be read' });
    return sendError(reply, 500, { code: 'INTEROP_INTERNAL_ERROR', message: 'An internal error occurred' });
  });

  /**
   * A public operation answered to a caller without the token (when one is set) says only what a monitor
   * needs: health's status, not connector names, addresses or error texts.
   */
  const visibleAnswer = (name: string, value: unknown, request: FastifyRequest): unknown => {
    if (!PUBLIC_OPERATIONS.has(name) || request.principal !== undefined) return value;
    const { status, checkedAt } = value as { status: unknown; checkedAt: unknown };
    return { status, checkedAt };
  };

  const route = (scope: FastifyInstance, name: OperationName, text = false): void => {
    const op = operations[name];
    scope.route({
      method: op.http.method,
      url: op.http.path,
      ...(PUBLIC_OPERATIONS.has(name) ? { config: { access: 'public' as const } } : {}),
      handler: async (request, reply) => {
        // A raw text body (textBody routes, see below) is the operation's `message`.
        const body = text && typeof request.body === 'string' ? { message: request.body } : request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
        // Only reads take input from the query string; a write's input is its JSON body and path.
        const query = request.method === 'GET' || request.method === 'HEAD' ? (request.query as object) : {};
        const input = { ...query, ...body, ...(request.params as object) };
        const result = await options.dispatcher.dispatch(name, input, ctxOf(request));
        if (!result.ok) return sendError(reply, result.status, result.error);
        const status = op.http.successStatus ?? 200;
        if ('fileAnswer' in op.http && op.http.fileAnswer === true) {
          const file = result.value as { name: string; contentType: string; content: string; contentEncoding?: 'base64' };
          return reply
            .type(file.contentType)
            .header('Content-Disposition', `attachment; filename="${file.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
            .send(file.contentEncoding === 'base64' ? Buffer.from(file.content, 'base64') : file.content);
        }
        return status === 204 ? reply.code(204).send() : reply.code(status).send(visibleAnswer(name, result.value, request));
      },
    });
  };
  const takesText = (name: OperationName): boolean => 'textBody' in operations[name].http && operations[name].http.textBody === true;
  for (const name of operationNames) if (!takesText(name)) route(app, name);
  // The stateless conversions also take the raw HL7 text, in their own scope so no other route parses
  // text; the host, origin and token checks above run for them as for every route.
  await app.register(async (conversions) => {
    conversions.addContentTypeParser(['text/plain', 'application/hl7-v2'], { parseAs: 'string' }, (_request, text, done) => done(null, text));
    for (const name of operationNames) if (takesText(name)) route(conversions, name, true);
  });

  const streams = new Set<FastifyReply['raw']>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/api/v1/events', { config: { access: 'token-or-query' } }, (request, reply) => {
    reply.hijack();
    streams.add(reply.raw);
    reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    reply.raw.write(': connected\n\n');
    const unsubscribe = options.changes.subscribe((event) => reply.raw.write(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => reply.raw.write(': heartbeat\n\n'), 25_000);
    request.raw.on('close', () => {
      streams.delete(reply.raw);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  for (const plugin of options.plugins ?? []) await plugin(app);

  const consoleDir = options.rendererDir !== undefined && existsSync(join(options.rendererDir, 'index.html')) ? options.rendererDir : undefined;
  if (consoleDir !== undefined) {
    await app.register(async (consoleFiles) => {
      // A route per file found at start (no wildcard), each public: the console is the only thing served without the token.
      // The build writes .br and .gz beside each asset (scripts/precompress.ts); they are sent as they are.
      consoleFiles.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: 'public' };
      });
      await consoleFiles.register(fastifyStatic, { root: consoleDir, prefix: '/', index: ['index.html'], wildcard: false, preCompressed: true });
    });
  }

  app.setNotFoundHandler((request, reply) => {
    if (surfaceOf(request.url) !== 'console') return sendError(reply, 404, { code: 'INTEROP_ROUTE_NOT_FOUND', message: `No API route ${request.method} ${request.url.split('?')[0]}` });
    if (consoleDir !== undefined && request.method === 'GET') return reply.type('text/html; charset=utf-8').send(createReadStream(join(consoleDir, 'index.html')));
    return sendError(reply, 404, { code: 'INTEROP_ROUTE_NOT_FOUND', message: 'Not found' });
  });

  return app;
}

export const DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;

/** One client address may hold at most `max` connections at once: a further one is closed before any request on it is read. */
function capConnectionsPerClient(app: FastifyInstance, max: number): void {
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = open.get(address) ?? 0;
    if (count >= max) {
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

/** The context an HTTP request's operations run in: the tenant it acts in (its principal's when bound), else the server's. */
export function requestContextOf(request: FastifyRequest, tenantId: string): RequestContext {
  const principal = request.principal;
  return { tenantId: request.tenantId ?? principal?.tenantId ?? tenantId, actor: principal?.id ?? `anonymous:${request.ip}`, remoteAddress: request.ip, ...(principal ? { principal } : {}) };
}
