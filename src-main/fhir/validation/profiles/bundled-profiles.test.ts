import { beforeAll, describe, expect, it } from 'vitest';
import ips from '../../../../resources/fhir-profiles/hl7.fhir.uv.ips.json';
import { ensureFhirDefinitions } from '../../definitions/r4-definitions';
import { findProfile } from './bundled-profiles';
import { compactStructureDefinition, unsupportedProfileReason } from './compact-profile';

const IPS_PATIENT = 'http://hl7.org/fhir/uv/ips/StructureDefinition/Patient-uv-ips';

describe('bundled profiles', () => {
  beforeAll(() => ensureFhirDefinitions());

  it('finds the IPS Patient profile by canonical URL, with or without a version', () => {
    expect(findProfile(IPS_PATIENT)?.definition.type).toBe('Patient');
    expect(findProfile(`${IPS_PATIENT}|2.0.0`)?.schema.elements.birthDate?.min).toBe(1);
    expect(findProfile('http://example.org/StructureDefinition/unknown')).toBeUndefined();
  });

  it('ships only profiles the validator parses faithfully', () => {
    const definitions = ips.entry.map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition');
    expect(definitions.length).toBeGreaterThan(20);
    for (const sd of definitions) expect(unsupportedProfileReason(sd as never), sd.url).toBeUndefined();
  });
});

describe('profile compaction', () => {
  const sd = {
    resourceType: 'StructureDefinition' as const,
    url: 'urn:test:profile',
    name: 'Test',
    status: 'active' as const,
    kind: 'resource' as const,
    abstract: false,
    type: 'Patient',
    text: { status: 'generated' as const, div: '<div>narrative</div>' },
    snapshot: {
      element: [
        { id: 'Patient', path: 'Patient', definition: 'A patient', constraint: [{ key: 'ele-1', severity: 'error' as const, human: 'h', expression: 'e' }, { key: 'pat-1', severity: 'error' as const, human: 'h', expression: 'x', source: 'urn:src' }] },
        { id: 'Patient.generalPractitioner', path: 'Patient.generalPractitioner', comment: 'why', min: 0, max: '*', mapping: [{ identity: 'v2', map: 'PD1-4' }], type: [{ code: 'Reference', targetProfile: ['http://hl7.org/fhir/StructureDefinition/Practitioner|4.0.1'] }] },
      ],
    },
  };

  it('drops narrative, documentation and the skipped ele-1 constraint, and unversions target profiles', () => {
    const compact = compactStructureDefinition(sd);
    expect(JSON.stringify(compact)).not.toMatch(/narrative|A patient|why|PD1-4|ele-1|urn:src/);
    expect(compact.snapshot?.element[0]?.constraint).toEqual([{ key: 'pat-1', severity: 'error', human: 'h', expression: 'x' }]);
    expect(compact.snapshot?.element[1]?.type).toEqual([{ code: 'Reference', targetProfile: ['http://hl7.org/fhir/StructureDefinition/Practitioner'] }]);
  });

  it('names why a profile cannot be validated faithfully', () => {
    const sliced = { id: 'Patient.generalPractitioner', path: 'Patient.generalPractitioner', min: 0, max: '*', type: [{ code: 'Reference' }], slicing: { discriminator: [{ type: 'profile' as const, path: 'resolve()' }], rules: 'open' as const } };
    const byProfile = { ...sd, snapshot: { element: [sd.snapshot.element[0] as never, sliced, { ...sliced, id: 'Patient.generalPractitioner:gp', sliceName: 'gp', slicing: undefined }] } };
    expect(unsupportedProfileReason(compactStructureDefinition(byProfile))).toMatch(/discriminator type: profile/);
    expect(unsupportedProfileReason(compactStructureDefinition(sd))).toBeUndefined();
  });
});
