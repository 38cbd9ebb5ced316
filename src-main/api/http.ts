import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { operations, operationNames } from './contract';
import type { ErrorBody } from '../core/errors';
import type { ChangeFeed } from '../core/change-events';
import type { RequestContext } from '../core/request-context';
import type { Dispatcher } from './dispatch';
import { bearerToken, tokenMatches } from './http-auth';

export interface HttpOptions {
  dispatcher: Dispatcher;
  changes: ChangeFeed;
  tenantId: string;
  /** When set, every /api call except health must carry it as a Bearer token. */
  accessToken?: string | undefined;
  /** Built console (out/renderer); absent in API-only tests. */
  rendererDir?: string | undefined;
  bodyLimitBytes?: number;
  /** Further route sets on the same server (the FHIR gateway). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const PUBLIC_PATHS = new Set(['/api/v1/health']);

const sendError = (reply: FastifyReply, status: number, error: ErrorBody) => reply.code(status).type('application/json').send({ error });

/** The headless HTTP surface: /api/v1 from the operation table, change events as SSE, and the console. */
export async function createHttpServer(options: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? 10 * 1024 * 1024, return503OnClosing: true });
  const ctxOf = (request: FastifyRequest): RequestContext => ({ tenantId: options.tenantId, actor: options.accessToken ? 'api-token' : `local:${request.ip}` });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Content-Security-Policy', CSP);
  });

  if (options.accessToken) {
    const token = options.accessToken;
    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      if (!(path.startsWith('/api/') || path.startsWith('/fhir/')) || PUBLIC_PATHS.has(path)) return;
      const query = request.query as Record<string, string | undefined>;
      const presented = bearerToken(request.headers.authorization) ?? (path === '/api/v1/events' ? query.access_token : undefined);
      if (!tokenMatches(token, presented)) {
        return sendError(reply, 401, { code: 'INTEROP_UNAUTHORIZED', message: 'A valid access token is required (Authorization: Bearer <token>)' });
      }
    });
  }

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 413) return sendError(reply, 413, { code: 'INTEROP_PAYLOAD_TOO_LARGE', message: 'The request body is too large' });
    if (status === 415) return sendError(reply, 415, { code: 'INTEROP_UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON (Content-Type: application/json)' });
    if (status < 500) return sendError(reply, status, { code: 'INTEROP_BAD_REQUEST', message: error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'The request body is not valid JSON' : 'The request could not be read' });
    return sendError(reply, 500, { code: 'INTEROP_INTERNAL_ERROR', message: 'An internal error occurred' });
  });

  for (const name of operationNames) {
    const op = operations[name];
    app.route({
      method: op.http.method,
      url: op.http.path,
      handler: async (request, reply) => {
        const body = request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
        const input = { ...(request.query as object), ...body, ...(request.params as object) };
        const result = await options.dispatcher.dispatch(name, input, ctxOf(request));
        if (!result.ok) return sendError(reply, result.status, result.error);
        const status = op.http.successStatus ?? 200;
        return status === 204 ? reply.code(204).send() : reply.code(status).send(result.value);
      },
    });
  }

  const streams = new Set<FastifyReply['raw']>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/api/v1/events', (request, reply) => {
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

  const hasConsole = options.rendererDir !== undefined && existsSync(join(options.rendererDir, 'index.html'));
  // The build writes .br and .gz beside each console asset (scripts/precompress.ts); they are sent as they are.
  if (hasConsole) await app.register(fastifyStatic, { root: options.rendererDir as string, prefix: '/', index: ['index.html'], preCompressed: true });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return sendError(reply, 404, { code: 'INTEROP_ROUTE_NOT_FOUND', message: `No API route ${request.method} ${request.url.split('?')[0]}` });
    if (hasConsole && request.method === 'GET') return reply.sendFile('index.html');
    return sendError(reply, 404, { code: 'INTEROP_ROUTE_NOT_FOUND', message: 'Not found' });
  });

  return app;
}
