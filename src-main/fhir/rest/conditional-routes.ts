import { randomUUID } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Transact } from '../../store/transact';
import { onlyMatch } from '../conditional-match';
import { versionFromEtag, type FhirService } from '../store-service';
import { fhirFailure } from '../outcome';
import { readPatch } from '../patch/patch-document';
import { patchedVersion, patchResource } from '../patch/patch-resource';
import type { RoutedInteractions } from '../routing/routed-interactions';
import type { SearchService } from '../search-service';

export interface ConditionalRoutesOptions {
  service: FhirService;
  search: SearchService;
  transact: Transact;
  tenantId: string;
  routed: RoutedInteractions;
  send: (reply: FastifyReply, status: number, resource: Resource) => FastifyReply;
  warn: (reply: FastifyReply, warning: string | undefined) => FastifyReply;
}

type TypeRequest = FastifyRequest<{ Params: { type: string } }>;
const queryOf = (request: FastifyRequest): string => request.url.split('?')[1] ?? '';

/**
 * PATCH (JSON Patch and FHIRPath Patch) and the conditional interactions addressed by search
 * criteria instead of an id: `PUT Type?query`, `DELETE Type?query`, `PATCH Type?query` — these
 * find their match in the local store and act on it there.
 */
export function registerConditionalRoutes(fhir: FastifyInstance, options: ConditionalRoutesOptions): void {
  const { service, search, transact, tenantId } = options;
  const patchLocal = (request: FastifyRequest, type: string, id: string) =>
    patchResource(service, transact, tenantId, type, id, readPatch(request.body, request.headers['content-type']), versionFromEtag(request.headers['if-match'] as string | undefined));

  // By id the patch goes through routing: the owner's current version is patched and written back
  // to the owner (a PUT), with the version read as the If-Match so a concurrent change answers 412.
  fhir.patch<{ Params: { type: string; id: string } }>('/:type/:id', async (request, reply) => {
    const { type, id } = request.params;
    service.knownType(type);
    const apply = readPatch(request.body, request.headers['content-type']);
    const ifMatch = versionFromEtag(request.headers['if-match'] as string | undefined);
    const current = await options.routed.read(type, id);
    const next = patchedVersion(current.value, apply, ifMatch);
    const version = Number(current.value.meta?.versionId);
    const written = await options.routed.update(type, id, next, Number.isInteger(version) ? version : undefined);
    return options.send(options.warn(reply, written.warning), 200, written.value.resource);
  });

  fhir.patch<{ Params: { type: string } }>('/:type', (request: TypeRequest, reply) => {
    const { type } = request.params;
    service.knownType(type);
    const written = transact(() => {
      const match = onlyMatch(search, tenantId, type, queryOf(request));
      if (!match?.id) throw fhirFailure('not_found', 'not-found', `${type}?${queryOf(request)} matches no resource to patch`);
      return patchLocal(request, type, match.id);
    });
    return options.send(reply, 200, written.resource);
  });

  // Conditional update: the one match is updated; none → created (with the body's id, or a new one).
  fhir.put<{ Params: { type: string } }>('/:type', (request: TypeRequest, reply) => {
    const { type } = request.params;
    service.knownType(type);
    const body = request.body as Resource | undefined;
    const written = transact(() => {
      const match = onlyMatch(search, tenantId, type, queryOf(request));
      if (match && body?.id && body.id !== match.id) throw fhirFailure('validation', 'invalid', `The body's id (${body.id}) is not the id of the matching ${type} (${match.id})`, [`${type}.id`]);
      const id = match?.id ?? body?.id ?? randomUUID();
      return service.update(tenantId, type, id, { ...body, id } as Resource, versionFromEtag(request.headers['if-match'] as string | undefined));
    });
    return options.send(reply, written.created ? 201 : 200, written.resource);
  });

  // Conditional delete: one match is deleted; none is not an error (the result is the same).
  fhir.delete<{ Params: { type: string } }>('/:type', (request: TypeRequest, reply) => {
    const { type } = request.params;
    service.knownType(type);
    transact(() => {
      const match = onlyMatch(search, tenantId, type, queryOf(request));
      if (match?.id) service.remove(tenantId, type, match.id);
    });
    return reply.code(204).send();
  });
}
