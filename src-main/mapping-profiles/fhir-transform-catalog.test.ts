import { describe, expect, it } from 'vitest';
import { FHIR_ENGINE_TRANSFORMS } from '../mapping/fhir-to-hl7/run-fhir-profile';
import { fhirTransformNames } from '../mapping/fhir-to-hl7/fhir-transforms';
import { fhirTransformCatalog } from './fhir-transform-catalog';

describe('the FHIR → v2 transform catalog', () => {
  it('lists every transform a FHIR rule can name, once, in name order', () => {
    const names = fhirTransformCatalog().map((t) => t.name);
    expect(names).toEqual([...fhirTransformNames(), ...FHIR_ENGINE_TRANSFORMS].sort((a, b) => a.localeCompare(b)));
  });

  it('declares the arguments the transforms read', () => {
    const byName = new Map(fhirTransformCatalog().map((t) => [t.name, t]));
    expect(byName.get('code_to_v2')?.args.map((a) => [a.name, a.required])).toEqual([['map', true]]);
    expect(byName.get('constant')?.args.map((a) => a.name)).toEqual(['value']);
  });
});
