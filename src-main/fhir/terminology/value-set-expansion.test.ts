import type { CodeSystem, ValueSet } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { createValueSetExpander, inExpansion } from './value-set-expansion';

const colours: CodeSystem = {
  resourceType: 'CodeSystem',
  url: 'urn:test:colours',
  status: 'active',
  content: 'complete',
  concept: [{ code: 'red', concept: [{ code: 'crimson' }] }, { code: 'blue' }],
};
const fragment: CodeSystem = { resourceType: 'CodeSystem', url: 'urn:test:fragment', status: 'active', content: 'fragment', concept: [{ code: 'a' }] };
const valueSet = (url: string, compose: ValueSet['compose']): ValueSet => ({ resourceType: 'ValueSet', url, status: 'active', compose });

const expander = createValueSetExpander([
  colours,
  fragment,
  valueSet('urn:vs:all-colours', { include: [{ system: 'urn:test:colours' }] }),
  valueSet('urn:vs:listed', { include: [{ system: 'urn:test:other', concept: [{ code: 'x' }, { code: 'y' }] }] }),
  valueSet('urn:vs:union', { include: [{ valueSet: ['urn:vs:all-colours', 'urn:vs:listed'] }] }),
  valueSet('urn:vs:no-crimson', { include: [{ system: 'urn:test:colours' }], exclude: [{ system: 'urn:test:colours', concept: [{ code: 'crimson' }] }] }),
  valueSet('urn:vs:filtered', { include: [{ system: 'urn:test:colours', filter: [{ property: 'concept', op: 'is-a', value: 'red' }] }] }),
  valueSet('urn:vs:partial', { include: [{ system: 'urn:test:fragment' }] }),
  valueSet('urn:vs:elsewhere', { include: [{ system: 'http://snomed.info/sct' }] }),
  valueSet('urn:vs:cycle-a', { include: [{ valueSet: ['urn:vs:cycle-b'] }] }),
  valueSet('urn:vs:cycle-b', { include: [{ valueSet: ['urn:vs:cycle-a'] }] }),
]);

describe('value set expansion', () => {
  it('expands a whole code system, nested concepts included', () => {
    expect([...(expander('urn:vs:all-colours')?.get('urn:test:colours') ?? [])]).toEqual(['red', 'crimson', 'blue']);
  });

  it('ignores a version suffix on the canonical URL', () => {
    expect(expander('urn:vs:all-colours|4.0.1')).toBe(expander('urn:vs:all-colours'));
  });

  it('unions imported value sets and applies enumerated excludes', () => {
    const union = expander('urn:vs:union');
    expect(union && inExpansion(union, 'x', 'urn:test:other')).toBe(true);
    expect(union && inExpansion(union, 'blue', 'urn:test:colours')).toBe(true);
    const noCrimson = expander('urn:vs:no-crimson');
    expect(noCrimson && inExpansion(noCrimson, 'crimson', 'urn:test:colours')).toBe(false);
    expect(noCrimson && inExpansion(noCrimson, 'red', 'urn:test:colours')).toBe(true);
  });

  it('refuses to expand filters, partial or unknown code systems, unknown value sets and cycles', () => {
    for (const url of ['urn:vs:filtered', 'urn:vs:partial', 'urn:vs:elsewhere', 'urn:vs:missing', 'urn:vs:cycle-a']) expect(expander(url), url).toBeUndefined();
  });

  it('matches a code without a system against any system of the expansion, and a wrong system against none', () => {
    const union = expander('urn:vs:union');
    expect(union && inExpansion(union, 'y')).toBe(true);
    expect(union && inExpansion(union, 'y', 'urn:test:colours')).toBe(false);
    expect(union && inExpansion(union, 'green')).toBe(false);
  });
});
