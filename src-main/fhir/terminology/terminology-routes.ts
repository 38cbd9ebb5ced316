import type { Bundle, ConceptMap, Resource } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fhirFailure } from '../outcome';
import { expandCoverage, lookupCoverage, translateCoverage, validateCodeCoverage, type Coverage } from './bundled-coverage';
import { bundledConceptMaps, findConceptMap } from './concept-maps';
import { runTerminologyOperation } from './terminology-operations';
import { operationInput, type OperationInput } from './operation-input';
import type { TerminologyProxy } from './terminology-proxy';

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
/** RFC 7234 warning 110: a cached answer past its time to live, served because the terminology server is down. */
export const STALE_WARNING = '110 - "Response is stale"';

export interface TerminologyRoutesOptions {
  /** Where requests for content that is not bundled go; without it they are answered (not found) locally. */
  proxy?: TerminologyProxy | undefined;
}

type Params = { id?: string };
type Request = FastifyRequest<{ Params: Params }>;

/**
 * Terminology operations over the bundled code systems and V2-to-FHIR concept maps, forwarded to a
 * configured terminology server when they ask about content that is not bundled. Register inside the
 * FHIR plugin (paths are relative to its prefix); its error handler turns AppErrors into
 * OperationOutcomes. These static paths take precedence over the generic `/:type/:id` routes.
 */
export async function registerTerminologyRoutes(fhir: FastifyInstance, options: TerminologyRoutesOptions = {}): Promise<void> {
  const { proxy } = options;
  /** `/Type/$name` or `/Type/:id/$name`: answered from the bundled content (terminology-operations.ts) or forwarded. */
  const operation = (path: string, covers: (input: OperationInput, params: Params) => Coverage) => {
    const parts = path.split('/');
    const type = parts[1] as string;
    const name = parts[parts.length - 1] as string;
    const reply = async (request: Request, response: FastifyReply) => {
      const input = operationInput(request);
      const coverage = covers(input, request.params);
      if (coverage.bundled || !proxy) return response.type(FHIR_JSON).send(runTerminologyOperation(type, request.params.id, name, input) as Resource);
      const relative = request.url.slice(fhir.prefix.length + 1);
      const mark = relative.includes('?') ? relative.indexOf('?') : relative.length;
      const forwarded = { method: request.method === 'POST' ? 'POST' : 'GET', path: relative.slice(0, mark), query: relative.slice(mark + 1), body: request.body } as const;
      const proxied = await proxy.forward(forwarded, coverage.missing);
      if (proxied.stale) response.header('Warning', STALE_WARNING);
      return response.code(proxied.status).type(proxied.contentType).send(proxied.body);
    };
    fhir.get(path, reply);
    fhir.post(path, reply);
  };

  operation('/ConceptMap/$translate', (input) => translateCoverage(input));
  operation('/ConceptMap/:id/$translate', (input, params) => translateCoverage(input, params.id));

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
    if (!map) throw fhirFailure('not_found', 'not-found', `ConceptMap/${request.params.id} is not known`);
    return reply.type(FHIR_JSON).send(map);
  });

  operation('/CodeSystem/$lookup', lookupCoverage);
  operation('/CodeSystem/$validate-code', (input) => validateCodeCoverage('CodeSystem', input));
  operation('/ValueSet/$validate-code', (input) => validateCodeCoverage('ValueSet', input));
  operation('/ValueSet/$expand', expandCoverage);
}
