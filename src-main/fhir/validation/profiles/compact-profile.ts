import { parseStructureDefinition, type InternalTypeSchema } from '@medplum/core';
import type { ElementDefinition, ElementDefinitionType, StructureDefinition, ValueSet } from '@medplum/fhirtypes';

/** The ElementDefinition fields @medplum/core's validator reads; the rest is documentation. */
const VALIDATED_FIELDS = new Set(['id', 'path', 'sliceName', 'min', 'max', 'base', 'type', 'contentReference', 'constraint', 'binding']);

// A versioned base target ("…/Patient|4.0.1") is not recognised by the validator and would warn on every reference.
const unversioned = (urls: string[] | undefined): string[] | undefined => urls?.map((url) => url.split('|')[0] ?? url);

function compactType({ extension, code, profile, targetProfile }: ElementDefinitionType): ElementDefinitionType {
  return { ...(extension ? { extension } : {}), code, ...(profile ? { profile: unversioned(profile) } : {}), ...(targetProfile ? { targetProfile: unversioned(targetProfile) } : {}) };
}

function compactElement(element: ElementDefinition): ElementDefinition {
  const kept = Object.fromEntries(Object.entries(element).filter(([key]) => VALIDATED_FIELDS.has(key) || key.startsWith('fixed') || key.startsWith('pattern'))) as ElementDefinition;
  if (element.type) kept.type = element.type.map(compactType);
  if (element.binding) kept.binding = { strength: element.binding.strength, ...(element.binding.valueSet ? { valueSet: element.binding.valueSet } : {}) };
  // ele-1 (every element has a value or children) repeats on each element and the validator skips it.
  if (element.constraint) kept.constraint = element.constraint.filter((c) => c.key !== 'ele-1').map(({ key, severity, human, expression }) => ({ key, severity, human, ...(expression ? { expression } : {}) }));
  if (element.slicing) kept.slicing = { discriminator: element.slicing.discriminator, ordered: element.slicing.ordered, rules: element.slicing.rules };
  return kept;
}

/** A profile reduced to what validation uses: its identity and snapshot elements without narrative or mappings. */
export function compactStructureDefinition(sd: StructureDefinition): StructureDefinition {
  const { url, version, name, title, status, kind, abstract, type, baseDefinition, derivation } = sd;
  return { resourceType: 'StructureDefinition', url, version, name, title, status, kind, abstract, type, baseDefinition, derivation, snapshot: { element: (sd.snapshot?.element ?? []).map(compactElement) } };
}

export function compactValueSet({ url, version, name, status, compose }: ValueSet): ValueSet {
  return { resourceType: 'ValueSet', url, version, name, status, compose };
}

/** The slice names the snapshot declares directly on an element (not slices of its slices' children). */
function declaredSlices(sd: StructureDefinition, path: string): string {
  const id = `${sd.type}${path.slice(path.indexOf('.'))}`;
  return (sd.snapshot?.element ?? [])
    .filter((e) => e.path === path && e.sliceName && e.id === `${id}:${e.sliceName}`)
    .map((e) => e.sliceName)
    .sort()
    .join(', ');
}

/**
 * Why @medplum/core cannot validate against this profile faithfully, or undefined when it can: the parser
 * throws on discriminator types it lacks (profile, exists), and it folds slices nested inside slices into
 * the outer slicing, which would then demand slices that are not there.
 */
export function unsupportedProfileReason(sd: StructureDefinition): string | undefined {
  let schema: InternalTypeSchema;
  try {
    schema = parseStructureDefinition(sd);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  for (const type of [schema, ...schema.innerTypes]) {
    for (const element of Object.values(type.elements)) {
      if (!element.slicing) continue;
      const parsed = element.slicing.slices.map((s) => s.name).sort().join(', ');
      if (parsed !== declaredSlices(sd, element.path)) return `nested slicing under ${element.path} is not parsed faithfully`;
    }
  }
  return undefined;
}
