import { describe, expect, it } from 'vitest';
import { decideConflict, mergeContents } from './conflict-strategy';
import { parseFhirJson } from '../fhir/fhir-json-text';
import { contentHash, differingFields, type ResourceJson } from './sync-content';

const base = { resourceType: 'Patient', id: 'p', name: [{ family: 'Base' }], birthDate: '1970-01-01', gender: 'female' };

describe('conflict strategies', () => {
  it('merges changes to different top-level elements, including a removal', () => {
    const source = { ...base, name: [{ family: 'Remote' }] };
    const { gender: _g, ...dest } = { ...base, birthDate: '1980-02-02' };
    expect(mergeContents({ base, source, dest })).toEqual({ resourceType: 'Patient', id: 'p', name: [{ family: 'Remote' }], birthDate: '1980-02-02' });
  });

  it('falls to manual naming the differing fields when both sides changed one element differently', () => {
    const decision = decideConflict('merge', { base, source: { ...base, name: [{ family: 'A' }] }, dest: { ...base, name: [{ family: 'B' }], gender: 'male' } });
    expect(decision).toEqual({ take: 'manual', differingFields: ['gender', 'name'] });
  });

  it('merges when both sides made the same change to an element', () => {
    const same = { ...base, name: [{ family: 'Same' }] };
    expect(decideConflict('merge', { base, source: { ...same, gender: 'male' }, dest: same })).toEqual({ take: 'merged', content: { ...same, gender: 'male' } });
  });

  it('cannot merge without a base (never synced before)', () => {
    expect(decideConflict('merge', { base: undefined, source: { ...base, gender: 'male' }, dest: { ...base, birthDate: '1999-09-09' } })).toMatchObject({ take: 'manual' });
  });

  it('newest_wins takes the later meta.lastUpdated, and the source on a tie', () => {
    const at = (iso: string) => ({ ...base, meta: { lastUpdated: iso } });
    expect(decideConflict('newest_wins', { base, source: at('2026-01-01T00:00:00Z'), dest: at('2026-01-02T00:00:00Z') })).toEqual({ take: 'dest' });
    expect(decideConflict('newest_wins', { base, source: at('2026-01-03T00:00:00Z'), dest: at('2026-01-02T00:00:00Z') })).toEqual({ take: 'source' });
    expect(decideConflict('newest_wins', { base, source: at('2026-01-02T00:00:00Z'), dest: at('2026-01-02T00:00:00Z') })).toEqual({ take: 'source' });
  });
});

describe('sync content', () => {
  it('hashes equal content equally whatever its key order and server-managed meta', () => {
    expect(contentHash({ resourceType: 'Patient', id: 'p', gender: 'male', meta: { versionId: '3', lastUpdated: 'x' } })).toBe(contentHash({ gender: 'male', id: 'p', resourceType: 'Patient' }));
    expect(differingFields({ ...base, meta: { versionId: '1', tag: [{ code: 'a' }] } }, { ...base, meta: { versionId: '2', tag: [{ code: 'b' }] } })).toEqual(['meta']);
  });

  it('tells a decimal written with another precision (1.3 → 1.30) from the same one, as the store does', () => {
    const observation = (value: string, meta = '{"versionId":"1"}'): ResourceJson =>
      parseFhirJson(`{"resourceType":"Observation","id":"o","meta":${meta},"status":"final","valueQuantity":{"value":${value},"unit":"mg"}}`) as ResourceJson;
    expect(contentHash(observation('1.30'))).not.toBe(contentHash(observation('1.3')));
    expect(contentHash(observation('1.30'))).toBe(contentHash(observation('1.30', '{"versionId":"7","lastUpdated":"2026-01-01T00:00:00Z"}')));
    // Content without such decimals hashes as before this distinction: recorded sync states stay valid.
    expect(contentHash(observation('1.3'))).toBe(contentHash({ resourceType: 'Observation', id: 'o', status: 'final', valueQuantity: { value: 1.3, unit: 'mg' } }));
    expect(differingFields(observation('1.3'), observation('1.30'))).toEqual(['valueQuantity']);
    expect(differingFields(observation('1.30'), observation('1.30', '{"versionId":"2"}'))).toEqual([]);
  });
});
