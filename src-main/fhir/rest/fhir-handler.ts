import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Transact } from '../../store/transact';
import type { RoutedBundles } from '../routing/routed-bundles';
import type { RoutedInteractions } from '../routing/routed-interactions';
import type { SearchService } from '../search-service';
import { etagOf, versionFromEtag, type FhirService } from '../store-service';
import { assertFhirId } from '../fhir-id';
import { fhirFailure } from '../outcome';
import { readPatch } from '../patch/patch-document';
import { operationInput } from '../terminology/operation-input';
import { createTerminologyInteractions } from '../terminology/terminology-interactions';
import type { TerminologyProxy } from '../terminology/terminology-proxy';
import { validateOperationInput, validationOutcome } from '../validation/validate-operation';
import { capabilityStatement } from './capability';
import { notModified } from './conditional-read';
import { subsetOnRead } from './read-subset';
import { createConditionalInteractions } from './conditional-interactions';
import { bodyResponse, resourceResponse, withLocation, withWarning, writeResponse, type FhirRequest, type FhirResponse } from './fhir-request';
import { preferencesOf } from './prefer';
import { writeActionOf } from '../write-outcome';
import { withPreferredReturn } from '../bundle/bundle-return';
import { interactionOf, type Interaction } from './interaction-of';
import { withHistoryLinks } from './history-links';
import { ifNoneExistCriteria } from '../conditional-match';

export interface FhirHandlerDeps {
  service: FhirService;
  routed: RoutedInteractions;
  bundles: RoutedBundles;
  search: SearchService;
  transact: Transact;
  tenantId: string;
  version: string;
  /** The configured terminology server, for terminology operations on content that is not bundled. */
  terminology?: TerminologyProxy | undefined;
}

const first = (query: FhirRequest['query'], name: string): string | undefined => query.find(([key]) => key === name)?.[1];
const intParam = (value: string | undefined, fallback: number, max: number): number => Math.min(value !== undefined && /^\d+$/.test(value) ? Number(value) : fallback, max);
const queryText = (query: FhirRequest['query']): string => new URLSearchParams([...query]).toString();
/** `_since` (an instant) in epoch ms; at every level of history (R4 http.html#history). */
function sinceOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw fhirFailure('validation', 'invalid', `_since "${value}" is not an instant`);
  return at;
}
/** Formatting parameters say how to answer, not what: they never reach search or an upstream server. */
const criteria = (request: FhirRequest): [string, string][] =>
  [...request.query, ...(request.form === undefined ? [] : [...new URLSearchParams(request.form)])].filter(([name]) => name !== '_format' && name !== '_pretty');

/** Where a form-encoded body is read: FHIR reads that take one (a cross-site form can never write). */
const takesForm = (interaction: Interaction): boolean => (interaction.kind === 'search' && interaction.viaPost) || (interaction.kind === 'operation' && interaction.name !== '$validate');

function segmentsOf(path: string): string[] {
  try {
    return path === '' ? [] : path.split('/').map(decodeURIComponent);
  } catch {
    throw fhirFailure('validation', 'invalid', 'The request path is not valid percent-encoding');
  }
}

/**
 * The FHIR R4 REST API as one transport-free entry: `handle(request)` answers every interaction of
 * /fhir/R4 — and the console's FHIR browser through the same call — with routing applied, so a type
 * owned by an upstream server answers the same on both. Failures are thrown as AppErrors; each surface
 * maps them once (fhirAnswerOf for FHIR clients, the REST envelope for the console).
 */
export function createFhirHandler(deps: FhirHandlerDeps) {
  const { service, routed, tenantId } = deps;
  const conditional = createConditionalInteractions(deps);
  const terminology = createTerminologyInteractions(deps.terminology);

  const history = async (request: FhirRequest, type: string | undefined, id: string | undefined): Promise<FhirResponse> => {
    const since = sinceOf(first(request.query, '_since'));
    const scope = { ...(type ? { type } : {}), ...(id ? { id } : {}), ...(since === undefined ? {} : { since }) };
    const count = intParam(first(request.query, '_count'), 50, 1000);
    const offset = intParam(first(request.query, '_offset'), 0, 1e9);
    const local = () => withHistoryLinks(service.history(tenantId, scope, count, offset, request.baseUrl), `${request.baseUrl}/${request.path}`, request.query, offset, count);
    if (type === undefined) return bodyResponse(local());
    const answer = await routed.history(type, id, criteria(request), local);
    return bodyResponse(answer.value, answer.warning);
  };

  async function answer(request: FhirRequest, interaction: Interaction): Promise<FhirResponse> {
    const { headers, baseUrl } = request;
    const prefer = preferencesOf(headers.prefer);
    const ifMatch = () => versionFromEtag(headers.ifMatch);
    switch (interaction.kind) {
      case 'capabilities':
        return bodyResponse(capabilityStatement(deps.version));
      case 'bundle': {
        const done = await deps.bundles.process(request.body, baseUrl);
        return bodyResponse(withPreferredReturn(request.body as Bundle, done.value, prefer.return), done.warning);
      }
      case 'history':
        return history(request, interaction.type, interaction.id);
      case 'search': {
        if (interaction.type === 'ConceptMap' && !interaction.compartment) return terminology.conceptMaps(first(criteria(request), 'url'), baseUrl, queryText(request.query));
        const found = await routed.search(interaction.type, criteria(request), baseUrl, prefer.handling, interaction.compartment);
        return bodyResponse(found.value, found.warning);
      }
      case 'read': {
        if (interaction.type === 'ConceptMap') return terminology.conceptMap(interaction.id);
        const read = await routed.read(interaction.type, interaction.id);
        if (notModified(read.value, headers.ifNoneMatch, headers.ifModifiedSince)) return withWarning({ status: 304, headers: { ETag: etagOf(Number(read.value.meta?.versionId)) } }, read.warning);
        return resourceResponse(200, subsetOnRead(read.value, request.query), baseUrl, read.warning);
      }
      case 'vread': {
        const version = Number(interaction.version);
        if (!Number.isInteger(version) || version < 1) throw fhirFailure('validation', 'invalid', `"${interaction.version}" is not a version id`);
        const read = await routed.vread(interaction.type, interaction.id, version);
        return resourceResponse(200, subsetOnRead(read.value, request.query), baseUrl, read.warning);
      }
      case 'create': {
        const { type } = interaction;
        const condition = headers.ifNoneExist === undefined ? undefined : ifNoneExistCriteria(headers.ifNoneExist, type);
        const findExisting =
          condition === undefined
            ? undefined
            : () => {
                const found = deps.search.matches(tenantId, type, condition);
                if (found.length > 1) throw fhirFailure('precondition_failed', 'multiple-matches', `If-None-Exist ${condition} matches more than one ${type}`);
                return found[0];
              };
        const written = await routed.create(type, request.body as Resource, findExisting);
        const response = writeResponse(written.value.created ? 201 : 200, written.value, writeActionOf(written.value, 'create'), baseUrl, prefer.return, written.warning);
        // A conditional create that matched answers as a create would (R5 http.html#ccreate): its Location tells a return=minimal client which resource it is.
        return written.value.created ? response : withLocation(response, written.value.resource, baseUrl);
      }
      case 'update': {
        const written = await routed.update(interaction.type, interaction.id, request.body as Resource, ifMatch());
        return writeResponse(written.value.created ? 201 : 200, written.value, writeActionOf(written.value, 'update'), baseUrl, prefer.return, written.warning);
      }
      case 'delete': {
        const removed = await routed.remove(interaction.type, interaction.id, ifMatch());
        return withWarning({ status: 204, headers: {} }, removed.warning);
      }
      case 'patch': {
        const written = await conditional.patch(interaction.type, interaction.id, readPatch(request.body, headers.contentType), ifMatch());
        return writeResponse(200, written.value, writeActionOf(written.value, 'update'), baseUrl, prefer.return, written.warning);
      }
      case 'conditional-patch': {
        const written = conditional.patchMatch(interaction.type, queryText(request.query), readPatch(request.body, headers.contentType), ifMatch());
        return writeResponse(200, written, writeActionOf(written, 'update'), baseUrl, prefer.return);
      }
      case 'conditional-update': {
        const written = conditional.updateMatch(interaction.type, queryText(request.query), request.body as Resource | undefined, ifMatch());
        return writeResponse(written.created ? 201 : 200, written, writeActionOf(written, 'update'), baseUrl, prefer.return);
      }
      case 'conditional-delete':
        conditional.deleteMatch(interaction.type, queryText(request.query));
        return { status: 204, headers: {} };
      case 'operation':
        return operation(request, interaction);
      default:
        return interaction satisfies never;
    }
  }

  function operation(request: FhirRequest, call: Extract<Interaction, { kind: 'operation' }>): Promise<FhirResponse> | FhirResponse {
    if (call.name === '$validate' && request.method === 'POST') {
      const { candidate, profile } = validateOperationInput(request.body, first(request.query, 'profile'));
      return bodyResponse(validationOutcome(candidate, { profile }));
    }
    if (!terminology.handles(call.type, call.name)) throw fhirFailure('not_found', 'not-supported', `${call.type}/${call.name} is not an operation this server offers`);
    const body = request.form ?? request.body;
    return terminology.operation({
      type: call.type,
      id: call.id,
      name: call.name,
      input: operationInput(request.query, body),
      forward: { method: request.method === 'POST' ? 'POST' : 'GET', path: request.path, query: queryText(request.query), body },
    });
  }

  return {
    async handle(request: FhirRequest): Promise<FhirResponse> {
      const interaction = interactionOf(request.method, segmentsOf(request.path));
      if (request.form !== undefined && !takesForm(interaction)) throw fhirFailure('unsupported', 'not-supported', 'Send application/fhir+json');
      // A POST search reads its criteria from a form only: a JSON body's criteria would otherwise be dropped and every resource match.
      if (interaction.kind === 'search' && interaction.viaPost && request.body !== undefined && request.body !== null) {
        throw fhirFailure('unsupported', 'not-supported', 'Send the search parameters as application/x-www-form-urlencoded');
      }
      // Every id is a FHIR logical id before anything else reads it: never `..` in a store key or an upstream path.
      if ('id' in interaction && interaction.id !== undefined) assertFhirId(interaction.id);
      if (interaction.kind === 'search' && interaction.compartment) assertFhirId(interaction.compartment.id);
      if ('type' in interaction && interaction.type !== undefined) service.knownType(interaction.type);
      return answer(request, interaction);
    },
  };
}
export type FhirHandler = ReturnType<typeof createFhirHandler>;
