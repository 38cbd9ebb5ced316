import { describe, expect, it } from 'vitest';
import observationRules from '../../resources/mapping-profiles/observation-rules.json';
import patientRules from '../../resources/mapping-profiles/patient-rules.json';
import { DEFAULT_PROFILES } from './default-profiles';
import type { Hl7MappingProfileContent } from './profile';

/** The PID rules filling a profile's Patient (the template keyed by PID-3), without the template key they name. */
function pidRules(profile: Hl7MappingProfileContent): unknown[] {
  const keys = profile.resources.filter((t) => t.resourceType === 'Patient').map((t) => t.key);
  const patientKey = keys.find((key) => profile.rules.some((r) => r.resource === key && r.source.startsWith('PID-3')));
  return profile.rules.filter((r) => r.resource === patientKey && r.source.startsWith('PID-')).map(({ resource: _key, ...rule }) => rule);
}

describe('shipped default profiles', () => {
  it('fill the Patient of every profile with the same PID rules as the ADT profile, from the one shared set', () => {
    const adt = DEFAULT_PROFILES.find((p) => p.messageTypes.includes('ADT^A01'))!;
    expect(pidRules(adt)).toEqual(patientRules.rules);
    for (const profile of DEFAULT_PROFILES) expect(pidRules(profile), profile.name).toEqual(pidRules(adt));
  });

  it('fill every Observation made from an OBX (results, orders, immunizations) with the one shared OBX set', () => {
    const withObservations = DEFAULT_PROFILES.filter((p) => p.resources.some((t) => t.key === 'observation'));
    expect(withObservations.flatMap((p) => p.messageTypes)).toEqual(expect.arrayContaining(['ORU^R01', 'ORM^O01', 'OML^O21', 'VXU^V04']));
    for (const profile of withObservations) {
      const obxRules = profile.rules.filter((r) => r.resource === 'observation' && /^(OBX|NTE)-/.test(r.source)).map(({ resource: _key, ...rule }) => rule);
      expect(obxRules, profile.name).toEqual(observationRules.rules);
    }
  });

  it('are stored whole: no profile keeps the shipped file’s reference to a shared set', () => {
    for (const profile of DEFAULT_PROFILES) expect(Object.keys(profile), profile.name).not.toContain('sharedRules');
  });
});
