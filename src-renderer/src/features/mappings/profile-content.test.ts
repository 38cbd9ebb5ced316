import type { Hl7MappingProfile } from '@contract/mapping-profiles';
import { describe, expect, it } from 'vitest';
import { contentOf, copyName, segmentTemplatesOf } from './profile-content';

describe('profile content', () => {
  it('keeps what a profile says and drops what the engine keeps about it', () => {
    const profile: Hl7MappingProfile = { id: 'HMP_1', name: 'P', description: null, messageTypes: ['ORU^R01'], status: 'active', isDefault: true, version: 3, resources: [], rules: [], actor: 'system', updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(contentOf(profile)).toEqual({ name: 'P', messageTypes: ['ORU^R01'], resources: [], rules: [] });
    expect(contentOf({ ...profile, description: 'd' }).description).toBe('d');
  });

  it('names a copy so that it clashes with no profile', () => {
    expect(copyName('ORU', ['ORU'])).toBe('ORU (copy)');
    expect(copyName('ORU', ['ORU', 'ORU (copy)', 'ORU (copy 2)'])).toBe('ORU (copy 3)');
  });

  it('lists a FHIR → v2 profile\'s segment templates with nested ones after their parent', () => {
    const segments = [{ key: 'msh', segment: 'MSH' }, { key: 'order', segment: 'OBR', children: [{ key: 'obx', segment: 'OBX', children: [{ key: 'nte', segment: 'NTE' }] }] }];
    expect(segmentTemplatesOf(segments).map((s) => s.key)).toEqual(['msh', 'order', 'obx', 'nte']);
  });
});
