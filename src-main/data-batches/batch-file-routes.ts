import type { FastifyInstance } from 'fastify';
import type { DataBatchDownload } from '../../src-shared';
import type { Dispatcher } from '../api/dispatch';
import { requestContextOf } from '../api/http';

export interface BatchFileRouteOptions {
  dispatcher: Dispatcher;
  tenantId: string;
}

/**
 * The batches' files as plain downloads over HTTP (`url` of each file): the same `download` operations the
 * console calls, answered with the file itself and a Content-Disposition, errors as the REST envelope.
 */
export async function registerBatchFileRoutes(app: FastifyInstance, options: BatchFileRouteOptions): Promise<void> {
  const route = (collection: string, operation: 'dataImportBatches.download' | 'dataExportBatches.download'): void => {
    app.get<{ Params: { id: string; name: string } }>(`/api/v1/${collection}/:id/files/:name`, async (request, reply) => {
      const result = await options.dispatcher.dispatch(operation, { id: request.params.id, name: request.params.name }, requestContextOf(request, options.tenantId));
      if (!result.ok) return reply.code(result.status).type('application/json').send({ error: result.error });
      const file = result.value as DataBatchDownload;
      const safeName = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
      return reply.type(file.contentType).header('Content-Disposition', `attachment; filename="${safeName}"`).send(file.content);
    });
  };
  route('data-import-batches', 'dataImportBatches.download');
  route('data-export-batches', 'dataExportBatches.download');
}
