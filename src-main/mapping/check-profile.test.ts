import { describe, expect, it } from 'vitest';
import { checkProfile } from './check-profile';
import { DEFAULT_PROFILES } from './default-profiles';
import type { Hl7MappingProfileContent } from './profile';

const valid: Hl7MappingProfileContent = {
  name: 'small',
  messageTypes: ['ADT^A01'],
  resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
  rules: [{ id: 'gender', resource: 'patient', source: 'PID-8', target: 'gender', transform: 'v2_table', args: { table: 'AdministrativeSex' } }],
};

describe('checkProfile', () => {
  it('finds nothing wrong with the shipped default profiles', () => {
    for (const profile of DEFAULT_PROFILES) expect(checkProfile(profile), profile.name).toEqual([]);
  });

  it('names each problem by where it is in the profile', () => {
    const broken: Hl7MappingProfileContent = {
      name: ' ',
      messageTypes: ['ORU-R01'],
      resources: [
        { key: 'patient', resourceType: 'patient', each: 'order/obs', identity: { mode: 'update', compose: { system: 'urn:x', parts: ['OBR3'] } } },
        { key: 'patient', resourceType: 'Patient', when: [{ path: 'PID-8', op: 'in' }, { path: 'PID-3|PID3', op: 'valued' }], identity: { mode: 'create' } },
      ],
      rules: [
        { id: 'a', resource: 'ghost', source: 'PID-5.1', target: 'name[0].family' },
        { id: 'a', resource: 'patient', source: 'PID5', target: 'Name!', transform: 'no_such_transform' },
        { id: 'b', resource: 'patient', source: 'PID-8', target: 'gender', transform: 'v2_table' },
        { id: 'c', resource: 'patient', source: '', target: 'link[0].other', transform: 'reference', args: { resource: 'nobody' } },
        { id: 'd', resource: 'patient', source: '', target: 'active', transform: 'constant' },
        { id: 'e', resource: 'patient', source: 'PID-5[*]', target: 'name[*].text', where: [{ path: 'PID-8', op: 'valued' }, { path: 'OBX-3', op: 'empty' }, { path: 'PID-8|OBX-2', op: 'empty' }] },
      ],
    };
    expect(checkProfile(broken).map((issue) => issue.path)).toEqual([
      'name',
      'messageTypes[0]',
      'resources[0].resourceType',
      'resources[0].each',
      'resources[0].identity.compose.parts[0]',
      'resources[1].key',
      'resources[1].when[0].values',
      'resources[1].when[1].path',
      'rules[0].resource',
      'rules[1].id',
      'rules[1].target',
      'rules[1].source',
      'rules[1].transform',
      'rules[2].transform',
      'rules[3].args',
      'rules[4].args',
      'rules[5].where[1].path',
      'rules[5].where[2].path',
    ]);
  });

  it('checks each alternative of a condition, which has none of its own', () => {
    const alternatives = {
      ...valid,
      resources: [{ ...valid.resources[0]!, when: { path: 'PID-3', op: 'valued' as const, or: [{ path: 'PID2', op: 'valued' as const }, { path: 'PID-4', op: 'in' as const }] }, required: true }],
      rules: [{ ...valid.rules[0]!, condition: [{ path: 'PID-8', op: 'valued' as const, or: [] }, { path: 'PID-8', op: 'empty' as const, or: [{ path: 'PID-7', op: 'valued' as const, or: [{ path: 'PID-6', op: 'valued' as const }] }] }] }],
    } as Hl7MappingProfileContent;
    expect(checkProfile(alternatives).map((issue) => issue.path)).toEqual(['resources[0].when.or[0].path', 'resources[0].when.or[1].values', 'rules[0].condition[0].or', 'rules[0].condition[1].or[0]']);
    expect(checkProfile({ ...alternatives, resources: [{ ...valid.resources[0]!, when: { path: 'PID-3', op: 'valued', or: [{ path: 'PID-2|PID-4', op: 'valued' }] } }], rules: valid.rules })).toEqual([]);
  });

  it('accepts a small valid profile', () => {
    expect(checkProfile(valid)).toEqual([]);
  });
});
