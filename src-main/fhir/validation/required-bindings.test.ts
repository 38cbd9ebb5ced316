import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getDataType } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { requiredBindingIssues } from './required-bindings';
import { bindingValueSets } from '../terminology/binding-value-sets';
import { createValueSetExpander } from '../terminology/value-set-expansion';

const GENDER_VS = 'http://hl7.org/fhir/ValueSet/administrative-gender';
const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
// A small stand-in for the R4 value sets: only these two expand, everything else is "cannot expand".
const expand = createValueSetExpander([
  { resourceType: 'ValueSet', url: GENDER_VS, status: 'active', compose: { include: [{ system: 'http://hl7.org/fhir/administrative-gender', concept: [{ code: 'male' }, { code: 'female' }, { code: 'other' }, { code: 'unknown' }] }] } },
  { resourceType: 'ValueSet', url: 'http://hl7.org/fhir/ValueSet/allergyintolerance-clinical', status: 'active', compose: { include: [{ system: CLINICAL, concept: [{ code: 'active' }, { code: 'inactive' }, { code: 'resolved' }] }] } },
]);
const issues = (resource: Record<string, unknown>) => requiredBindingIssues(resource as unknown as Resource, expand);

describe('required bindings', () => {
  beforeAll(() => ensureFhirDefinitions());

  it('names the element of a code outside its required value set', () => {
    expect(issues({ resourceType: 'Patient', gender: 'foo' })).toEqual([expect.objectContaining({ severity: 'error', code: 'code-invalid', expression: ['Patient.gender'] })]);
  });

  it('accepts a code in the value set, also when the primitive carries an extension', () => {
    expect(issues({ resourceType: 'Patient', gender: 'female' })).toEqual([]);
    expect(issues({ resourceType: 'Patient', gender: 'female', _gender: { extension: [{ url: 'urn:x', valueString: 'y' }] } })).toEqual([]);
  });

  it('accepts a CodeableConcept when any coding is in the value set and refuses one with none', () => {
    const allergy = (coding: unknown[]) => ({ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/1' }, clinicalStatus: { coding } });
    expect(issues(allergy([{ system: 'urn:local', code: 'x' }, { system: CLINICAL, code: 'active' }]))).toEqual([]);
    expect(issues(allergy([{ system: CLINICAL, code: 'zzz' }]))).toEqual([expect.objectContaining({ code: 'code-invalid', expression: ['AllergyIntolerance.clinicalStatus'] })]);
    expect(issues(allergy([{ system: 'urn:wrong-system', code: 'active' }]))).toHaveLength(1);
  });

  it('reports a value set it cannot expand once per element as information, without judging the codes', () => {
    const found = issues({ resourceType: 'Patient', name: [{ use: 'bogus', family: 'A' }, { use: 'odd', family: 'B' }] });
    expect(found).toEqual([expect.objectContaining({ severity: 'information', code: 'not-supported', expression: ['Patient.name.use'] })]);
  });

  it('checks resources nested in a Bundle', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Patient', gender: 'female' } }, { resource: { resourceType: 'Patient', gender: 'foo' } }] };
    expect(issues(bundle).filter((i) => i.severity === 'error').map((i) => i.expression)).toEqual([['Bundle.entry[1].resource.gender']]);
  });
});

const CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus');
/** Every JSON resource under a corpus folder (FHIR examples, and other converters' expected output). */
const corpusResources = (dir: string): [string, Record<string, unknown>][] =>
  readdirSync(join(CORPUS, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json') && !file.startsWith('malformed'))
    .map((file) => [file, JSON.parse(readFileSync(join(CORPUS, dir, file), 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>] as [string, Record<string, unknown>])
    .filter(([, json]) => typeof json.resourceType === 'string');

/** The resource with every status, use, gender, comparator and coding code replaced by one no value set holds. */
function scrambled(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrambled);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key, typeof v === 'string' && ['status', 'use', 'gender', 'comparator', 'code', 'mode', 'intent', 'type'].includes(key) ? 'zz-bogus' : scrambled(v)]),
  );
}

const sortedIssues = (found: readonly unknown[]): string[] => found.map((i) => JSON.stringify(i)).sort();

describe('required bindings walked over the JSON', () => {
  beforeAll(() => ensureFhirDefinitions());

  it('finds what @medplum/core’s crawler finds over the base definitions, for every corpus resource as written and with its codes scrambled', () => {
    const resources = [...corpusResources('fhir'), ...corpusResources('hl7-to-fhir')];
    expect(resources.length).toBeGreaterThan(40);
    let errors = 0;
    for (const [file, json] of resources) {
      for (const resource of [json, scrambled(json) as Record<string, unknown>]) {
        const walked = requiredBindingIssues(resource as unknown as Resource, bindingValueSets());
        const crawled = requiredBindingIssues(resource as unknown as Resource, bindingValueSets(), getDataType(resource.resourceType as string));
        expect(sortedIssues(walked), file).toEqual(sortedIssues(crawled));
        errors += walked.filter((i) => i.severity === 'error').length;
      }
    }
    // The scrambled copies must have given the comparison something to disagree about.
    expect(errors).toBeGreaterThan(100);
  });
});
