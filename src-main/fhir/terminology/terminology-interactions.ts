import type { Bundle, ConceptMap } from '@medplum/fhirtypes';
import type { FhirResponse } from '../rest/fhir-request';
import { fhirFailure } from '../outcome';
import { expandCoverage, lookupCoverage, translateCoverage, validateCodeCoverage, type Coverage } from './bundled-coverage';
import { bundledConceptMaps, findConceptMap } from './concept-maps';
import { runTerminologyOperation } from './terminology-operations';
import type { OperationInput } from './operation-input';
import type { TerminologyProxy } from './terminology-proxy';

/** RFC 7234 warning 110: a cached answer past its time to live, served because the terminology server is down. */
export const STALE_WARNING = '110 - "Response is stale"';

/** A terminology operation as received: `Type/$name` or `Type/id/$name`, its input, and the request to forward. */
export interface TerminologyCall {
  type: string;
  id: string | undefined;
  name: string;
  input: OperationInput;
  forward: { method: 'GET' | 'POST'; path: string; query: string; body: unknown };
}

const COVERAGE: Record<string, (input: OperationInput, id: string | undefined) => Coverage> = {
  'ConceptMap/$translate': (input, id) => translateCoverage(input, id),
  'CodeSystem/$lookup': (input) => lookupCoverage(input),
  'CodeSystem/$validate-code': (input) => validateCodeCoverage('CodeSystem', input),
  'ValueSet/$validate-code': (input) => validateCodeCoverage('ValueSet', input),
  'ValueSet/$expand': (input) => expandCoverage(input),
};

const ok = (body: FhirResponse['body']): FhirResponse => ({ status: 200, body, headers: {} });

/**
 * Terminology over the bundled code systems and V2-to-FHIR concept maps: the operations ($translate,
 * $lookup, $validate-code, $expand), forwarded to a configured terminology server when they ask about
 * content that is not bundled, and the bundled ConceptMaps' search and read.
 */
export function createTerminologyInteractions(proxy: TerminologyProxy | undefined) {
  return {
    /** Whether `Type/$name` is a terminology operation this answers. */
    handles: (type: string, name: string): boolean => `${type}/${name}` in COVERAGE,

    async operation(call: TerminologyCall): Promise<FhirResponse> {
      const coverage = (COVERAGE[`${call.type}/${call.name}`] as (typeof COVERAGE)[string])(call.input, call.id);
      if (coverage.bundled || !proxy) return ok(runTerminologyOperation(call.type, call.id, call.name, call.input));
      const proxied = await proxy.forward(call.forward, coverage.missing);
      return { status: proxied.status, body: proxied.body, contentType: proxied.contentType, headers: proxied.stale ? { Warning: STALE_WARNING } : {} };
    },

    /** The bundled ConceptMaps as a searchset, by `url` when given. */
    conceptMaps(url: string | undefined, baseUrl: string, selfQuery: string): FhirResponse {
      const matches = bundledConceptMaps().filter((map) => url === undefined || map.url === url);
      const bundle: Bundle<ConceptMap> = {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        link: [{ relation: 'self', url: `${baseUrl}/ConceptMap${selfQuery ? `?${selfQuery}` : ''}` }],
        entry: matches.map((resource) => ({ fullUrl: `${baseUrl}/ConceptMap/${resource.id}`, resource, search: { mode: 'match' } })),
      };
      return ok(bundle);
    },

    conceptMap(id: string): FhirResponse {
      const map = findConceptMap(id);
      if (!map) throw fhirFailure('not_found', 'not-found', `ConceptMap/${id} is not known`);
      return ok(map);
    },
  };
}
export type TerminologyInteractions = ReturnType<typeof createTerminologyInteractions>;
