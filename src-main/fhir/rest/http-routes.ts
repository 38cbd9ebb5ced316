import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../../core/logger';
import type { BulkExportService } from '../bulk/bulk-export-service';
import type { BulkImportService } from '../bulk/bulk-import-service';
import { registerBulkRoutes } from '../bulk/bulk-routes';
import { capabilityStatement } from './capability';
import type { RoutedBundles } from '../routing/routed-bundles';
import type { RoutedInteractions } from '../routing/routed-interactions';
import type { SearchService } from '../search-service';
import type { Transact } from '../../store/transact';
import type { TerminologyProxy } from '../terminology/terminology-proxy';
import { registerTerminologyRoutes } from '../terminology/terminology-routes';
import { etagOf, versionFromEtag, type FhirService } from '../store-service';
import { assertFhirId } from '../fhir-id';
import { AppError } from '../../core/errors';
import { fhirAnswerOf, fhirFailure, outcome } from '../outcome';
import { JSON_PATCH } from '../patch/patch-document';
import { validateOperationInput, validationOutcome } from '../validation/validate-operation';
import { notModified } from './conditional-read';
import { registerConditionalRoutes } from './conditional-routes';

export interface FhirRoutesOptions {
  service: FhirService;
  routed: RoutedInteractions;
  bulkExports: BulkExportService;
  bulkImports: BulkImportService;
  bundles: RoutedBundles;
  search: SearchService;
  transact: Transact;
  tenantId: string;
  version: string;
  logger: Logger;
  /** The configured terminology server, for terminology operations on content that is not bundled. */
  terminology?: TerminologyProxy | undefined;
  /** Whether the server demands an access token, as bulk manifests must say. */
  requiresAccessToken: boolean;
  /** The largest NDJSON $import body accepted (default 1 GiB). */
  importBodyLimitBytes?: number | undefined;
}

export const FHIR_BASE = '/fhir/R4';
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Search parameters in their order, repeated names kept (AND), from the query string and a form body. */
function searchParams(request: FastifyRequest): [string, string][] {
  const fromUrl = [...new URLSearchParams(request.url.split('?')[1] ?? '').entries()];
  const body = typeof request.body === 'string' ? [...new URLSearchParams(request.body).entries()] : [];
  return [...fromUrl, ...body].filter(([name]) => name !== '_format' && name !== '_pretty');
}

const baseUrlOf = (request: FastifyRequest): string => `${request.protocol}://${request.host}${FHIR_BASE}`;
const intParam = (value: unknown, fallback: number, max: number): number => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : fallback;
  return Math.min(n, max);
};

/** Marks an answer served from the local store while the owning server is down (RFC 7234 Warning). */
function warn(reply: FastifyReply, warning: string | undefined): FastifyReply {
  if (warning) reply.header('Warning', `199 interop-console "${warning.replace(/"/g, "'")}"`);
  return reply;
}

function sendResource(reply: FastifyReply, status: number, resource: Resource, baseUrl?: string): FastifyReply {
  const meta = resource.meta;
  if (meta?.versionId) reply.header('ETag', etagOf(Number(meta.versionId)));
  if (meta?.lastUpdated) reply.header('Last-Modified', new Date(meta.lastUpdated).toUTCString());
  if (status === 201 && baseUrl) reply.header('Location', `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${meta?.versionId}`);
  return reply.code(status).type(FHIR_JSON).send(resource);
}

/** The FHIR R4 REST surface under /fhir/R4: errors are OperationOutcomes, bodies application/fhir+json. */
export async function registerFhirRoutes(app: FastifyInstance, options: FhirRoutesOptions): Promise<void> {
  const { service, tenantId } = options;
  await app.register(
    async (fhir) => {
      // FHIR bodies may carry a byte-order mark and JSON errors must become OperationOutcomes.
      fhir.removeContentTypeParser('application/json');
      fhir.addContentTypeParser(['application/fhir+json', 'application/json+fhir', 'application/json', JSON_PATCH], { parseAs: 'string' }, (_request, body, done) => {
        try {
          const text = (body as string).replace(/^\uFEFF/, '');
          // Clients send the FHIR content type on bodiless requests (DELETE) too.
          done(null, text.trim() === '' ? undefined : JSON.parse(text));
        } catch {
          done(fhirFailure('validation', 'structure', 'The body is not valid JSON'), undefined);
        }
      });
      fhir.setErrorHandler((error: unknown, request, reply) => {
        if (error instanceof AppError) {
          const answer = fhirAnswerOf(error);
          if (error.kind === 'internal') options.logger.log('error', 'fhir request failed', { error: error.code });
          // Refused writes are logged for the operator: route, status and issue codes, never the content.
          if (request.method !== 'GET') {
            options.logger.log('info', 'fhir write refused', { method: request.method, route: request.routeOptions.url ?? '', status: answer.status, issues: (answer.outcome.issue ?? []).map((i) => i.code).join(',') });
          }
          return reply.code(answer.status).type(FHIR_JSON).send(answer.outcome);
        }
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 413) return reply.code(413).type(FHIR_JSON).send(outcome('error', 'too-costly', 'The request body is too large'));
        if (status === 415) return reply.code(415).type(FHIR_JSON).send(outcome('error', 'not-supported', 'Send application/fhir+json'));
        if (status !== undefined && status < 500) return reply.code(status).type(FHIR_JSON).send(outcome('error', 'invalid', 'The request could not be read'));
        options.logger.log('error', 'fhir request failed', { error: error instanceof Error ? error.name : 'unknown' });
        return reply.code(500).type(FHIR_JSON).send(outcome('fatal', 'exception', 'An internal error occurred'));
      });
      fhir.setNotFoundHandler((request, reply) => reply.code(404).type(FHIR_JSON).send(outcome('error', 'not-supported', `No FHIR interaction ${request.method} ${request.url.split('?')[0]}`)));
      // Every route's `:id` is a FHIR logical id, checked before the body is read: never `..` in a store key or an upstream path.
      fhir.addHook('onRequest', async (request) => {
        const { id } = request.params as { id?: string };
        if (id !== undefined) assertFhirId(id);
      });

      fhir.get('/metadata', (_request, reply) => reply.type(FHIR_JSON).send(capabilityStatement(options.version)));
      await registerBulkRoutes(fhir, { exports: options.bulkExports, imports: options.bulkImports, tenantId, baseUrl: baseUrlOf, requiresAccessToken: options.requiresAccessToken, importBodyLimitBytes: options.importBodyLimitBytes });

      fhir.post('/', async (request, reply) => {
        const routed = await options.bundles.process(request.body, baseUrlOf(request));
        return warn(reply, routed.warning).type(FHIR_JSON).send(routed.value);
      });

      fhir.get('/_history', (request, reply) => {
        const q = request.query as Record<string, string | undefined>;
        const since = q._since ? Date.parse(q._since) : undefined;
        return reply.type(FHIR_JSON).send(service.history(tenantId, { since }, intParam(q._count, 50, 1000), intParam(q._offset, 0, 1e9), baseUrlOf(request)));
      });

      const historyRoute = async (request: FastifyRequest<{ Params: { type: string; id?: string } }>, reply: FastifyReply) => {
        const { type, id } = request.params;
        const q = request.query as Record<string, string | undefined>;
        const since = q._since ? Date.parse(q._since) : undefined;
        const local = () => service.history(tenantId, { type, ...(id ? { id } : { since }) }, intParam(q._count, 50, 1000), intParam(q._offset, 0, 1e9), baseUrlOf(request));
        service.knownType(type);
        const routed = await options.routed.history(type, id, searchParams(request), local);
        return warn(reply, routed.warning).type(FHIR_JSON).send(routed.value);
      };
      fhir.get<{ Params: { type: string } }>('/:type/_history', historyRoute);

      fhir.get<{ Params: { type: string; id: string } }>('/:type/:id', async (request, reply) => {
        service.knownType(request.params.type);
        const routed = await options.routed.read(request.params.type, request.params.id);
        const { 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = request.headers;
        if (notModified(routed.value, ifNoneMatch, ifModifiedSince)) return warn(reply, routed.warning).code(304).header('ETag', etagOf(Number(routed.value.meta?.versionId))).send();
        return sendResource(warn(reply, routed.warning), 200, routed.value);
      });

      fhir.get<{ Params: { type: string; id: string } }>('/:type/:id/_history', historyRoute);

      fhir.get<{ Params: { type: string; id: string; vid: string } }>('/:type/:id/_history/:vid', async (request, reply) => {
        const vid = Number(request.params.vid);
        if (!Number.isInteger(vid) || vid < 1) throw fhirFailure('validation', 'invalid', `"${request.params.vid}" is not a version id`);
        service.knownType(request.params.type);
        const routed = await options.routed.vread(request.params.type, request.params.id, vid);
        return sendResource(warn(reply, routed.warning), 200, routed.value);
      });

      const searchRoute = async (request: FastifyRequest<{ Params: { type: string } }>, reply: FastifyReply) => {
        service.knownType(request.params.type);
        const routed = await options.routed.search(request.params.type, searchParams(request), baseUrlOf(request));
        return warn(reply, routed.warning).type(FHIR_JSON).send(routed.value);
      };
      fhir.get<{ Params: { type: string } }>('/:type', searchRoute);
      // Form bodies only where FHIR reads take them (_search, terminology operations): a cross-site form cannot write.
      await fhir.register(async (reads) => {
        reads.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
        reads.post<{ Params: { type: string } }>('/:type/_search', searchRoute);
        await registerTerminologyRoutes(reads, { proxy: options.terminology });
      });

      fhir.post<{ Params: { type: string } }>('/:type', async (request, reply) => {
        const { type } = request.params;
        const ifNoneExist = request.headers['if-none-exist'];
        const findExisting =
          typeof ifNoneExist === 'string'
            ? () => {
                const found = options.search.matches(tenantId, type, ifNoneExist);
                if (found.length > 1) throw fhirFailure('precondition_failed', 'multiple-matches', `If-None-Exist ${ifNoneExist} matches more than one ${type}`);
                return found[0];
              }
            : undefined;
        service.knownType(type);
        const routed = await options.routed.create(type, request.body as Resource, findExisting);
        return sendResource(warn(reply, routed.warning), routed.value.created ? 201 : 200, routed.value.resource, baseUrlOf(request));
      });

      fhir.put<{ Params: { type: string; id: string } }>('/:type/:id', async (request, reply) => {
        const ifMatch = versionFromEtag(request.headers['if-match']);
        service.knownType(request.params.type);
        const routed = await options.routed.update(request.params.type, request.params.id, request.body as Resource, ifMatch);
        return sendResource(warn(reply, routed.warning), routed.value.created ? 201 : 200, routed.value.resource, baseUrlOf(request));
      });

      fhir.delete<{ Params: { type: string; id: string } }>('/:type/:id', async (request, reply) => {
        service.knownType(request.params.type);
        const routed = await options.routed.remove(request.params.type, request.params.id);
        return warn(reply, routed.warning).code(204).send();
      });

      registerConditionalRoutes(fhir, { service, search: options.search, transact: options.transact, routed: options.routed, tenantId, warn, send: (reply, status, resource) => sendResource(reply, status, resource, baseUrlOf(reply.request)) });

      const validateOperation = (request: FastifyRequest<{ Params: { type: string } }>, reply: FastifyReply) => {
        service.knownType(request.params.type);
        const { candidate, profile } = validateOperationInput(request.body, (request.query as { profile?: unknown }).profile);
        return reply.type(FHIR_JSON).send(validationOutcome(candidate, { profile }));
      };
      fhir.post<{ Params: { type: string } }>('/:type/$validate', validateOperation);
      fhir.post<{ Params: { type: string; id: string } }>('/:type/:id/$validate', validateOperation);
    },
    { prefix: FHIR_BASE },
  );
}
