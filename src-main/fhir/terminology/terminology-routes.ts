import type { Bundle, ConceptMap, Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fhirError } from '../outcome';
import { expand, lookup, validateCode } from './code-systems';
import { bundledConceptMaps, findConceptMap, translate } from './concept-maps';
import { integerParameter, operationInput } from './operation-input';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

type Handler = (request: FastifyRequest<{ Params: { id?: string } }>) => Resource;

/**
 * Terminology operations over the bundled code systems and V2-to-FHIR concept maps. Register inside
 * the FHIR plugin (paths are relative to its prefix); its error handler turns FhirErrors into
 * OperationOutcomes. These static paths take precedence over the generic `/:type/:id` routes.
 */
export async function registerTerminologyRoutes(fhir: FastifyInstance): Promise<void> {
  const operation = (path: string, handler: Handler) => {
    const reply = (request: FastifyRequest<{ Params: { id?: string } }>, response: FastifyReply) => response.type(FHIR_JSON).send(handler(request));
    fhir.get(path, reply);
    fhir.post(path, reply);
  };

  operation('/ConceptMap/$translate', (request) => {
    const input = operationInput(request);
    return translate({ url: input.url, system: input.system, code: input.code, targetsystem: input.targetsystem });
  });
  operation('/ConceptMap/:id/$translate', (request) => {
    const input = operationInput(request);
    return translate({ url: request.params.id, system: input.system, code: input.code, targetsystem: input.targetsystem });
  });

  fhir.get('/ConceptMap', (request, reply) => {
    const url = operationInput(request).url;
    const matches = bundledConceptMaps().filter((map) => url === undefined || map.url === url);
    const base = `${request.protocol}://${request.host}${fhir.prefix}`;
    const bundle: Bundle<ConceptMap> = {
      resourceType: 'Bundle',
      type: 'searchset',
      total: matches.length,
      link: [{ relation: 'self', url: `${base}${request.url.slice(fhir.prefix.length)}` }],
      entry: matches.map((resource) => ({ fullUrl: `${base}/ConceptMap/${resource.id}`, resource, search: { mode: 'match' } })),
    };
    return reply.type(FHIR_JSON).send(bundle);
  });
  fhir.get<{ Params: { id: string } }>('/ConceptMap/:id', (request, reply) => {
    const map = findConceptMap(request.params.id);
    if (!map) throw fhirError(404, 'not-found', `ConceptMap/${request.params.id} is not known`);
    return reply.type(FHIR_JSON).send(map);
  });

  operation('/CodeSystem/$lookup', (request) => lookup(operationInput(request)));
  operation('/CodeSystem/$validate-code', (request) => validateCode('CodeSystem', operationInput(request)));
  operation('/ValueSet/$validate-code', (request) => validateCode('ValueSet', operationInput(request)));
  operation('/ValueSet/$expand', (request) => {
    const input = operationInput(request);
    return expand({ url: input.url, filter: input.filter, count: integerParameter(input, 'count'), offset: integerParameter(input, 'offset') }, new Date().toISOString());
  });
}
