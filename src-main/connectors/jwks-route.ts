import type { FastifyInstance } from 'fastify';
import { AppError, httpStatusOf, toErrorBody } from '../core/errors';

const JWKS_FILE = /^(CONN_[A-Za-z0-9_-]{1,64})\.json$/;

/**
 * GET /.well-known/jwks/<connectorId>.json: a SMART Backend Services connector's public key set, without
 * credentials (the FHIR server's app registration fetches it). (jwksPath in src-shared). The one route of its kind: only public
 * keys, only for that auth mode, answered 404 for anything else so connector ids of other kinds are not told apart.
 */
export async function registerJwksRoute(app: FastifyInstance, options: { publicJwks: (connectorId: string) => string | undefined }): Promise<void> {
  app.get<{ Params: { file: string } }>('/.well-known/jwks/:file', { config: { access: 'public' } }, async (request, reply) => {
    const id = JWKS_FILE.exec(request.params.file)?.[1];
    const jwks = id === undefined ? undefined : options.publicJwks(id);
    if (jwks === undefined) {
      const { kind, body } = toErrorBody(new AppError('not_found', 'INTEROP_JWKS_NOT_FOUND', 'No SMART Backend Services connector has that id'));
      return reply.code(httpStatusOf(kind)).type('application/json').send({ error: body });
    }
    return reply.type('application/json').header('Cache-Control', 'public, max-age=300').send(jwks);
  });
}
