import { loadDataType, tryGetProfile, type InternalTypeSchema } from '@medplum/core';
import type { Bundle, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import ips from '../../../../resources/fhir-profiles/hl7.fhir.uv.ips.json';

/** Implementation guides whose profiles ship with the engine (see resources/fhir-profiles/README.md). */
const BUNDLED_GUIDES = [ips as unknown as Bundle<StructureDefinition | ValueSet>];

export interface BundledProfile {
  readonly definition: StructureDefinition;
  readonly schema: InternalTypeSchema;
}

let profiles: ReadonlyMap<string, BundledProfile> | undefined;

const resourcesOf = <T extends StructureDefinition | ValueSet>(type: T['resourceType']): T[] =>
  BUNDLED_GUIDES.flatMap((bundle) => (bundle.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === type));

/** The bundled profiles by canonical URL, indexed into @medplum/core once (the base definitions must be loaded). */
function bundledProfiles(): ReadonlyMap<string, BundledProfile> {
  if (profiles) return profiles;
  const byUrl = new Map<string, BundledProfile>();
  for (const definition of resourcesOf<StructureDefinition>('StructureDefinition')) {
    loadDataType(definition);
    const schema = tryGetProfile(definition.url);
    if (schema) byUrl.set(definition.url, { definition, schema });
  }
  profiles = byUrl;
  return byUrl;
}

/** A bundled profile by canonical URL (a `|version` suffix is ignored), or undefined when we do not ship it. */
export const findProfile = (url: string): BundledProfile | undefined => bundledProfiles().get(url.split('|')[0] ?? url);

/** The value sets the bundled profiles bind, for the required-binding check. */
export const bundledValueSets = (): ValueSet[] => resourcesOf<ValueSet>('ValueSet');
