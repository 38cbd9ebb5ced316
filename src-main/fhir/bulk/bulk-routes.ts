import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { isResourceType } from '@medplum/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../../../src-shared';
import { requestContextOf } from '../../api/http';
import { actorOf, type AuditLog } from '../../audit/audit-log';
import { AppError } from '../../core/errors';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { fhirFailure } from '../outcome';
import type { ExportLevel } from '../../store/bulk-export-repo';
import type { BulkExportJob, BulkExportService } from './bulk-export-service';
import type { ImportJobRow } from '../../store/bulk-import-repo';
import { importTotals, type BulkImportService } from './bulk-import-service';
import { importInputs } from './import-parameters';

export interface BulkRoutesDeps {
  exports: BulkExportService;
  imports: BulkImportService;
  tenantId: string;
  /** The FHIR base URL of a request, e.g. `http://127.0.0.1:8080/fhir/R4`. */
  baseUrl: (request: FastifyRequest) => string;
  /** Whether the server demands credentials now (an access token, or operator accounts exist), so also for the files a manifest lists; asked per manifest. */
  requiresAccessToken: () => boolean;
  /** The largest NDJSON $import body accepted, streamed to disk (default 1 GiB). */
  importBodyLimitBytes?: number | undefined;
  /** The audit log: every $export kick-off, cancel and output file download is recorded (status polls are not). */
  audit?: Pick<AuditLog, 'recordEvent'> | undefined;
}

const NDJSON_TYPES = ['application/fhir+ndjson', 'application/ndjson', 'application/x-ndjson'];
const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
export const IMPORT_BODY_LIMIT = 1024 * 1024 * 1024;

function exportTypes(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  ensureFhirDefinitions();
  const types = [...new Set(value.split(',').map((t) => t.trim()).filter((t) => t !== ''))];
  for (const type of types) if (!isResourceType(type)) throw fhirFailure('validation', 'invalid', `_type names ${type}, which is not an R4 resource type`, ['_type']);
  return types.length > 0 ? types : undefined;
}

function exportSince(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const since = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(since)) throw fhirFailure('validation', 'invalid', `_since must be a FHIR instant, not ${value}`, ['_since']);
  return since;
}

/** Bulk Data: $export and $import kick-off, status, files and cancel — inside the /fhir/R4 plugin, so errors are OperationOutcomes. */
export async function registerBulkRoutes(fhir: FastifyInstance, deps: BulkRoutesDeps): Promise<void> {
  const { exports, tenantId } = deps;
  const statusUrl = (request: FastifyRequest, id: string): string => `${deps.baseUrl(request)}/$export-status/${id}`;
  const requestUrl = (request: FastifyRequest): string => `${new URL(deps.baseUrl(request)).origin}${request.url}`;
  const expired = (what: string, id: string) => fhirFailure('not_found', 'not-found', `The output of ${what} ${id} has expired and was deleted`);

  /** Runs `work` and records `action` on the export job it concerns as the request's principal, from its address; a thrown error as the outcome. */
  const audited = <T>(request: FastifyRequest, action: string, jobOf: string | ((result: T) => string), details: Record<string, unknown>, work: () => T): T => {
    const record = (outcome: 'ok' | 'refused' | 'failed', jobId: string | undefined, errorCode?: string) => {
      const ctx = requestContextOf(request, tenantId);
      const target = jobId === undefined ? {} : { target: { type: 'bulk_export', id: jobId.slice(0, 200) } };
      deps.audit?.recordEvent({ action, actor: actorOf(ctx), tenantId: ctx.tenantId, remoteAddress: ctx.remoteAddress, outcome, details, ...target, ...(errorCode === undefined ? {} : { errorCode }) });
    };
    const given = typeof jobOf === 'string' ? jobOf : undefined;
    try {
      const result = work();
      record('ok', given ?? (jobOf as (result: T) => string)(result));
      return result;
    } catch (error) {
      const refused = error instanceof AppError && (error.kind === 'unauthorized' || error.kind === 'forbidden');
      record(refused ? 'refused' : 'failed', given, error instanceof AppError ? error.code : ('INTEROP_INTERNAL_ERROR' satisfies ErrorCode));
      throw error;
    }
  };

  const kickOff = (level: ExportLevel) => (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
    const job = audited(request, 'fhir.export.kickoff', (started) => started.id, { level }, () => startExport(level, request));
    return reply.code(202).header('Content-Location', statusUrl(request, job.id)).send();
  };

  const startExport = (level: ExportLevel, request: FastifyRequest<{ Params: { id?: string } }>): BulkExportJob => {
    if (!/respond-async/i.test(String(request.headers.prefer ?? ''))) throw fhirFailure('validation', 'invalid', '$export runs asynchronously: send Prefer: respond-async');
    const q = request.query as Record<string, string | undefined>;
    if (q._outputFormat !== undefined && !OUTPUT_FORMATS.has(q._outputFormat)) throw fhirFailure('validation', 'not-supported', 'Only application/fhir+ndjson output is supported', ['_outputFormat']);
    return exports.start(tenantId, {
      level,
      groupId: request.params.id,
      types: exportTypes(q._type),
      since: exportSince(q._since),
      requestUrl: requestUrl(request),
    });
  };

  const manifest = (request: FastifyRequest, job: BulkExportJob) => ({
    transactionTime: new Date(job.createdAt).toISOString(),
    request: job.requestUrl,
    requiresAccessToken: deps.requiresAccessToken(),
    output: job.parts.filter((p) => p.count > 0).map((p) => ({ type: p.type, url: `${deps.baseUrl(request)}/$export-file/${job.id}/${p.type}`, count: p.count })),
    error: [],
  });

  const importManifest = (request: FastifyRequest, job: ImportJobRow) => ({
    transactionTime: new Date(job.createdAt).toISOString(),
    request: job.requestUrl,
    requiresAccessToken: deps.requiresAccessToken(),
    output: job.inputs.map((i) => ({ ...(i.type ? { type: i.type } : {}), url: i.url, count: i.written })),
    error: job.errorBytes > 0 ? [{ type: 'OperationOutcome', url: `${deps.baseUrl(request)}/$import-errors/${job.id}`, count: importTotals(job).errors }] : [],
  });

  await fhir.register(async (bulk) => {
    // NDJSON bodies are not parsed or buffered: the $import handler streams them to disk under its own cap.
    bulk.addContentTypeParser(NDJSON_TYPES, (_request, payload, done) => done(null, payload));

    bulk.get('/$export', kickOff('system'));
    bulk.get('/Patient/$export', kickOff('patient'));
    bulk.get<{ Params: { id: string } }>('/Group/:id/$export', kickOff('group'));

    bulk.get<{ Params: { jobId: string } }>('/$export-status/:jobId', (request, reply) => {
      const job = exports.status(tenantId, request.params.jobId);
      if (job.prunedAt !== null) throw expired('export', job.id);
      switch (job.status) {
        case 'accepted':
        case 'in-progress':
          return reply.code(202).header('X-Progress', `${job.progress} of ${job.total} resources`).header('Retry-After', '1').send();
        case 'complete':
          return reply.code(200).header('Expires', new Date(job.expiresAt ?? 0).toUTCString()).type('application/json').send(manifest(request, job));
        case 'failed':
          throw fhirFailure('internal', 'exception', `The export failed: ${job.error ?? 'unknown error'}`);
        default:
          return job.status satisfies never;
      }
    });

    bulk.delete<{ Params: { jobId: string } }>('/$export-status/:jobId', (request, reply) => {
      audited(request, 'fhir.export.cancel', request.params.jobId, {}, () => exports.cancel(tenantId, request.params.jobId));
      return reply.code(202).send();
    });

    bulk.get<{ Params: { jobId: string; type: string } }>('/$export-file/:jobId/:type', (request, reply) => {
      const { jobId, type } = request.params;
      const path = audited(request, 'fhir.export.download', jobId, { type: type.slice(0, 64) }, () => exports.file(tenantId, jobId, type));
      return reply.type('application/fhir+ndjson').send(createReadStream(path));
    });

    bulk.post('/$import', async (request, reply) => {
      const q = request.query as Record<string, string | undefined>;
      let job: ImportJobRow;
      if (request.body instanceof Readable) {
        const type = exportTypes(q._type)?.[0] ?? null;
        const limit = deps.importBodyLimitBytes ?? IMPORT_BODY_LIMIT;
        try {
          if (Number(request.headers['content-length']) > limit) throw fhirFailure('too_large', 'too-costly', `The NDJSON body is larger than ${limit} bytes`);
          job = await deps.imports.startBody(tenantId, type, request.body, limit, requestUrl(request));
        } catch (error) {
          // The rest of a refused body is not read: the answer closes the connection instead.
          reply.header('connection', 'close');
          throw error;
        }
      } else {
        job = deps.imports.start(tenantId, importInputs(request.body), requestUrl(request));
      }
      return reply.code(202).header('Content-Location', `${deps.baseUrl(request)}/$import-status/${job.id}`).send();
    });

    bulk.get<{ Params: { jobId: string } }>('/$import-status/:jobId', (request, reply) => {
      const job = deps.imports.status(tenantId, request.params.jobId);
      if (job.prunedAt !== null) throw expired('import', job.id);
      switch (job.status) {
        case 'in-progress': {
          const totals = importTotals(job);
          return reply.code(202).header('X-Progress', `${totals.read} lines read, ${totals.written} resources written, ${totals.errors} errors`).header('Retry-After', '1').send();
        }
        case 'complete':
          return reply.code(200).header('Expires', new Date(job.expiresAt ?? 0).toUTCString()).type('application/json').send(importManifest(request, job));
        case 'failed':
          throw fhirFailure('internal', 'exception', `The import failed: ${job.error ?? 'unknown error'}`);
        default:
          return job.status satisfies never;
      }
    });

    bulk.delete<{ Params: { jobId: string } }>('/$import-status/:jobId', async (request, reply) => {
      await deps.imports.cancel(tenantId, request.params.jobId);
      return reply.code(202).send();
    });

    bulk.get<{ Params: { jobId: string } }>('/$import-errors/:jobId', (request, reply) => {
      const path = deps.imports.errorFile(tenantId, request.params.jobId);
      return reply.type('application/fhir+ndjson').send(createReadStream(path));
    });
  });
}
