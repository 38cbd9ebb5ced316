import type { MappingTransform } from '@contract/mapping-profiles';
import { FHIR_TRANSFORMS } from '../mapping/fhir-to-hl7/fhir-transforms';

type Arg = MappingTransform['args'][number];

/** The arguments FHIR → v2 transforms read (fhir-transforms.ts reads them from `args` by these names). */
const ARGS: Readonly<Record<string, readonly Arg[]>> = {
  code_to_v2: [{ name: 'map', type: 'string', required: true, description: 'a guide concept map read backwards, such as AdministrativeSex' }],
  codeable_concept_to_cwe: [{ name: 'prefer', type: 'string', required: false, description: 'the system put first when the concept has several codings' }],
};

/** The transforms the engine answers itself (mapping/fhir-to-hl7/run-fhir-profile.ts). */
const ENGINE: readonly MappingTransform[] = [
  { name: 'constant', description: 'A fixed value, whatever the resource says', output: 'ST', args: [{ name: 'value', type: 'string', required: true, description: 'the value written' }] },
  { name: 'now', description: 'The time of the conversion', output: 'DTM', args: [] },
];

/** Every transform a FHIR → v2 rule can name, with its arguments, in name order: the rules editor's list. */
export function fhirTransformCatalog(): MappingTransform[] {
  const registry = FHIR_TRANSFORMS.map(({ name, description, output }) => ({ name, description, output, args: (ARGS[name] ?? []).map((a) => ({ ...a })) }));
  return [...registry, ...ENGINE].sort((a, b) => a.name.localeCompare(b.name));
}
