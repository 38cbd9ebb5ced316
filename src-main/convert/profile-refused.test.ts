import { describe, expect, it } from 'vitest';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import { profileRefused } from './profile-refused';

const profile: Hl7MappingProfileContent = {
  name: 'Draft',
  messageTypes: ['ORU^R01'],
  resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
  rules: [
    { id: 'family', resource: 'patient', source: 'PID-5.1', target: 'name[0].family' },
    { id: 'gender', resource: 'patient', source: 'PID8', target: 'gender', transform: 'nope' },
  ],
};

describe('profileRefused', () => {
  it('names each rule with a problem by index, id and field, and keys the fields under the request\'s profile', () => {
    const error = profileRefused(
      [
        { path: 'rules[1].source', message: 'bad source' },
        { path: 'rules[1].transform', message: 'no transform is named "nope"' },
        { path: 'messageTypes[0]', message: 'bad type' },
      ],
      profile,
    );
    expect([error.kind, error.code, error.message]).toEqual(['validation', 'INTEROP_VALIDATION_FAILED', 'The draft profile has problems in rule gender']);
    expect(error.details).toEqual({
      fields: { 'profile.rules[1].source': ['bad source'], 'profile.rules[1].transform': ['no transform is named "nope"'], 'profile.messageTypes[0]': ['bad type'] },
      rules: [
        { index: 1, ruleId: 'gender', field: 'source', message: 'bad source' },
        { index: 1, ruleId: 'gender', field: 'transform', message: 'no transform is named "nope"' },
      ],
    });
  });

  it('names no rule when only the profile\'s own fields are wrong', () => {
    const error = profileRefused([{ path: 'name', message: 'a profile needs a name' }], profile);
    expect([error.message, (error.details as { rules: unknown[] }).rules]).toEqual(['The draft profile has problems', []]);
  });
});
