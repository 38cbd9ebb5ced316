import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../audit/audit-log';
import type { Logger } from '../../core/logger';
import type { BulkExportService } from '../bulk/bulk-export-service';
import type { BulkImportService } from '../bulk/bulk-import-service';
import { registerBulkRoutes } from '../bulk/bulk-routes';
import { isRateLimited } from '../../api/http-rate-limit';
import { AppError } from '../../core/errors';
import { assertFhirId } from '../fhir-id';
import { fhirAnswerOf, fhirFailure } from '../outcome';
import { readFhirJson } from './fhir-json';
import { assertJsonAcceptable } from './fhir-format';
import { JSON_PATCH } from '../patch/patch-document';
import type { FhirHandler } from './fhir-handler';
import { grantsFhir, needOf, needOfBulkRoute, needsOfBundle, scopeNameOf, type FhirNeed } from './fhir-scopes';
import { interactionOf, type Interaction } from './interaction-of';
import type { FhirRequest, FhirResponse } from './fhir-request';

export interface FhirRoutesOptions {
  handler: FhirHandler;
  bulkExports: BulkExportService;
  bulkImports: BulkImportService;
  tenantId: string;
  logger: Logger;
  /** Whether the server demands credentials now, as bulk manifests must say. */
  requiresAccessToken: () => boolean;
  /** The largest NDJSON $import body accepted (default 1 GiB). */
  importBodyLimitBytes?: number | undefined;
  /** Where bulk export kick-offs, cancels and file downloads are recorded. */
  audit?: Pick<AuditLog, 'recordEvent'> | undefined;
}

export const FHIR_BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const FORM = 'application/x-www-form-urlencoded';

const baseUrlOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}${FHIR_BASE}`;
/** HEAD is the GET it names, answered without a body (R4 http.html: HEAD is allowed wherever GET is). */
const methodOf = (request: FastifyRequest): string => (request.method === 'HEAD' ? 'GET' : request.method);
const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The transport-free request of an HTTP request below /fhir/R4: raw path, query entries in order, parsed body. */
function fhirRequestOf(request: FastifyRequest): FhirRequest {
  const [pathPart = '', query = ''] = request.url.split('?');
  const isForm = header(request, 'content-type')?.startsWith(FORM) === true;
  return {
    method: methodOf(request),
    path: pathPart.slice(FHIR_BASE.length).replace(/^\/+/, ''),
    query: [...new URLSearchParams(query)],
    headers: { ifMatch: header(request, 'if-match'), ifNoneMatch: header(request, 'if-none-match'), ifModifiedSince: header(request, 'if-modified-since'), ifNoneExist: header(request, 'if-none-exist'), contentType: header(request, 'content-type'), prefer: header(request, 'prefer') },
    ...(isForm ? { form: request.body as string } : { body: request.body }),
    baseUrl: baseUrlOf(request),
  };
}

function send(reply: FastifyReply, response: FhirResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  if (response.body === undefined) return reply.send();
  return reply.type(response.contentType ?? FHIR_JSON).send(response.body);
}

/**
 * The FHIR R4 REST surface under /fhir/R4 over HTTP: reads the request, hands it to the one FHIR entry
 * (fhir-handler.ts) and writes its answer; errors become OperationOutcomes through fhirAnswerOf.
 * Bulk data ($export, $import and their status and file endpoints) are HTTP-only and have their own routes.
 */
export async function registerFhirRoutes(app: FastifyInstance, options: FhirRoutesOptions): Promise<void> {
  const { handler, tenantId } = options;
  await app.register(
    async (fhir) => {
      // FHIR bodies may carry a byte-order mark and JSON errors must become OperationOutcomes.
      fhir.removeContentTypeParser('application/json');
      fhir.addContentTypeParser(['application/fhir+json', 'application/json+fhir', 'application/json', JSON_PATCH], { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, readFhirJson(body as string));
        } catch (error) {
          done(error as AppError, undefined);
        }
      });
      // Forms reach the handler as text, which takes them only for reads (_search, terminology operations).
      fhir.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => done(null, body));
      fhir.setErrorHandler((error: unknown, request, reply) => {
        if (isRateLimited(error)) return reply.code(429).type(FHIR_JSON).send({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled', diagnostics: error.message, details: { coding: [{ code: error.code }] } }] });
        const failure = error instanceof AppError ? error : transportFailure(error, interactionOfRequest(request));
        const answer = fhirAnswerOf(failure);
        if (failure.kind === 'internal') options.logger.log('error', 'fhir request failed', { error: error instanceof AppError ? error.code : error instanceof Error ? error.name : 'unknown' });
        // Refused writes are logged for the operator: route, status and issue codes, never the content.
        if (methodOf(request) !== 'GET') {
          options.logger.log('info', 'fhir write refused', { method: request.method, route: routeOf(request), status: answer.status, issues: (answer.outcome.issue ?? []).map((i) => i.code).join(',') });
        }
        return reply.code(answer.status).type(FHIR_JSON).send(answer.outcome);
      });

      // A bulk route's `:id` is a FHIR logical id, checked before the body is read (the handler checks its own).
      fhir.addHook('onRequest', async (request) => {
        const { id } = (request.params ?? {}) as { id?: string };
        if (id !== undefined) assertFhirId(id);
      });
      // The gateway serves one tenant; each interaction (and each entry of a Bundle, before any is applied) needs its scope.
      fhir.addHook('onRequest', async (request, reply) => {
        if (request.tenantId !== undefined && request.tenantId !== tenantId) return refuse(reply, 'INTEROP_TENANT_MISMATCH', 'This FHIR server serves another tenant than the one these credentials are bound to or name');
        const need = needOfRequest(request);
        if (need !== undefined) return refuseUnlessGranted(request, reply, [need]);
      });
      // Every answer below /fhir/R4 (metadata and bulk routes too) is JSON: a client that accepts only XML or Turtle gets 406.
      // After the body is read, so an XML body is still 415 whatever the client accepts.
      fhir.addHook('preHandler', async (request) => {
        assertJsonAcceptable(header(request, 'accept'), new URLSearchParams(request.url.split('?')[1] ?? '').getAll('_format'));
      });
      fhir.addHook('preHandler', async (request, reply) => {
        if (interactionOfRequest(request)?.kind === 'bundle') return refuseUnlessGranted(request, reply, needsOfBundle(request.body));
      });
      await registerBulkRoutes(fhir, { exports: options.bulkExports, imports: options.bulkImports, tenantId, baseUrl: baseUrlOf, requiresAccessToken: options.requiresAccessToken, importBodyLimitBytes: options.importBodyLimitBytes, audit: options.audit });
      // OPTIONS and the like reach the handler too, so they are answered with an OperationOutcome like any other non-interaction.
      const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
      const answer = async (request: FastifyRequest, reply: FastifyReply) => send(reply, await handler.handle(fhirRequestOf(request)));
      fhir.route({ method: [...methods], url: '/', handler: answer });
      fhir.route({ method: [...methods], url: '/*', handler: answer });
    },
    { prefix: FHIR_BASE },
  );
}

/** The interaction of a request to the catch-all routes; undefined for bulk routes and paths that are none (the handler answers those). */
function interactionOfRequest(request: FastifyRequest): Interaction | undefined {
  if (request.routeOptions.url !== FHIR_BASE && request.routeOptions.url !== `${FHIR_BASE}/*`) return undefined;
  try {
    const path = (request.url.split('?')[0] ?? '').slice(FHIR_BASE.length).replace(/^\/+/, '');
    return interactionOf(methodOf(request), path === '' ? [] : path.split('/').map(decodeURIComponent));
  } catch {
    return undefined;
  }
}

function needOfRequest(request: FastifyRequest): FhirNeed | undefined {
  const interaction = interactionOfRequest(request);
  return interaction ? needOf(interaction) : needOfBulkRoute(request.routeOptions.url ?? '');
}

function refuseUnlessGranted(request: FastifyRequest, reply: FastifyReply, needs: readonly FhirNeed[]): FastifyReply | undefined {
  const principal = request.principal;
  if (principal === undefined) return undefined;
  const missing = needs.find((need) => !grantsFhir(principal.scopes, need));
  return missing === undefined ? undefined : refuse(reply, 'INTEROP_SCOPE_MISSING', `This needs the scope ${scopeNameOf(missing)}`);
}

function refuse(reply: FastifyReply, code: 'INTEROP_SCOPE_MISSING' | 'INTEROP_TENANT_MISMATCH', diagnostics: string): FastifyReply {
  return reply.code(403).type(FHIR_JSON).send({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics, details: { coding: [{ code }] } }] });
}

/** What fastify itself refused before the handler ran (body too large, unknown media type, unreadable request). */
function transportFailure(error: unknown, interaction: Interaction | undefined): AppError {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 413) return fhirFailure('too_large', 'too-costly', 'The request body is too large');
  if (status === 415) return fhirFailure('unsupported', 'not-supported', mediaTypeAdvice(interaction));
  if (status !== undefined && status < 500) return fhirFailure('validation', 'invalid', 'The request could not be read');
  return new AppError('internal', 'INTEROP_INTERNAL_ERROR', 'An internal error occurred');
}

/** What a 415 tells the client to send instead, by interaction: a form for a search, a JSON or FHIRPath Patch for a patch. */
function mediaTypeAdvice(interaction: Interaction | undefined): string {
  if (interaction?.kind === 'search') return `Send the search parameters as ${FORM}`;
  if (interaction?.kind === 'patch' || interaction?.kind === 'conditional-patch') return `Send a JSON Patch (${JSON_PATCH}) or a FHIRPath Patch Parameters resource (application/fhir+json)`;
  return 'Send application/fhir+json';
}

const PLACEHOLDERS = [':type', ':id', '_history', ':vid'];
/** The request's path pattern for the log (`/fhir/R4/:type/:id`): operation and keyword segments kept, no type, id or query. */
function routeOf(request: FastifyRequest): string {
  const segments = (request.url.split('?')[0] ?? '').slice(FHIR_BASE.length).split('/').filter(Boolean);
  return [FHIR_BASE, ...segments.map((segment, i) => (/^[$_]/.test(segment) || segment === 'metadata' ? segment : (PLACEHOLDERS[i] ?? ':part')))].join('/');
}
