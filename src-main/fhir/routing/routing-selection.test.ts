import { describe, expect, it } from 'vitest';
import { categoryMatches, destinationKey, entryDestinations, idCandidates, resourceCategories, resourceProfiles, searchDestinations, tokenMatches, transactionRoute, writeDestination, type RouteRule } from './routing-selection';

const rule = (fields: Partial<RouteRule> & { id: string }): RouteRule => ({ category: null, profile: null, target: 'upstream', serviceUrl: `http://${fields.id}/fhir`, isPrimary: true, fanOut: false, ...fields });
const lab = rule({ id: 'a', category: 'laboratory' });
const typeWide = rule({ id: 'b' });
const obs = (code: string, system = 'http://terminology.hl7.org/CodeSystem/observation-category') => ({ resourceType: 'Observation', category: [{ coding: [{ system, code }] }] });
const keys = (destinations: Parameters<typeof destinationKey>[0][]) => destinations.map(destinationKey);

describe('routing selection', () => {
  it('reads category codings from lists of CodeableConcepts, one CodeableConcept, or plain codes', () => {
    expect(resourceCategories(obs('laboratory'))).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }]);
    expect(resourceCategories({ category: { coding: [{ code: 'x' }] } })).toEqual([{ code: 'x' }]);
    expect(resourceCategories({ category: ['food'] })).toEqual([{ code: 'food' }]);
    expect(resourceCategories({ resourceType: 'Patient' })).toEqual([]);
  });

  it('matches a rule category by code alone or by system|code', () => {
    expect(categoryMatches('laboratory', { system: 'any', code: 'laboratory' })).toBe(true);
    expect(categoryMatches('http://s|laboratory', { system: 'http://s', code: 'laboratory' })).toBe(true);
    expect(categoryMatches('http://s|laboratory', { system: 'http://other', code: 'laboratory' })).toBe(false);
    expect(tokenMatches('http://s|laboratory', 'laboratory')).toBe(true);
    expect(tokenMatches('laboratory', 'http://s|laboratory')).toBe(true);
    expect(tokenMatches('http://s|laboratory', 'http://t|laboratory')).toBe(false);
  });

  it('writes a resource to the rule for its category, else the type-wide rule, else the local store', () => {
    expect(writeDestination([lab], obs('laboratory'))).toEqual({ kind: 'upstream', rule: lab });
    expect(writeDestination([lab], obs('vital-signs'))).toEqual({ kind: 'local' });
    expect(writeDestination([lab, typeWide], obs('vital-signs'))).toEqual({ kind: 'upstream', rule: typeWide });
    expect(writeDestination([lab, typeWide], obs('laboratory'))).toEqual({ kind: 'upstream', rule: lab });
  });

  it('writes locally what only a non-primary rule, a URL-less rule or a profile the resource does not declare would take', () => {
    expect(writeDestination([rule({ id: 'c', isPrimary: false })], obs('x'))).toEqual({ kind: 'local' });
    expect(writeDestination([rule({ id: 'd', profile: 'http://p' })], obs('x'))).toEqual({ kind: 'local' });
    expect(writeDestination([rule({ id: 'e', serviceUrl: null })], obs('x'))).toEqual({ kind: 'local' });
  });

  it('writes a resource declaring a profile to that profile\'s rule, the most specific matching rule first', () => {
    const ips = rule({ id: 'p', profile: 'http://hl7.org/fhir/uv/ips/StructureDefinition/Observation-results-uv-ips' });
    const labIps = rule({ id: 'q', category: 'laboratory', profile: ips.profile });
    const declared = { ...obs('laboratory'), meta: { profile: [`${ips.profile}|2.0.0`] } };
    expect(resourceProfiles(declared)).toEqual([`${ips.profile}|2.0.0`]);
    expect(writeDestination([typeWide, ips], declared)).toEqual({ kind: 'upstream', rule: ips });
    expect(writeDestination([typeWide, ips, lab, labIps], declared)).toEqual({ kind: 'upstream', rule: labIps });
    expect(writeDestination([typeWide, ips, lab, labIps], obs('laboratory'))).toEqual({ kind: 'upstream', rule: lab });
    expect(writeDestination([typeWide, ips], obs('laboratory'))).toEqual({ kind: 'upstream', rule: typeWide });
  });

  it('sends a search pinning _profile to that profile\'s owner, and counts profile owners among every owner of the type', () => {
    const ips = rule({ id: 'p', profile: 'http://ips/Observation' });
    expect(keys(searchDestinations([typeWide, ips], [['_profile', 'http://ips/Observation']]))).toEqual(['http://p/fhir']);
    expect(keys(searchDestinations([typeWide, ips], [['_profile', 'http://other']]))).toEqual(['http://b/fhir']);
    expect(keys(searchDestinations([typeWide, ips], []))).toEqual(['http://b/fhir', 'http://p/fhir']);
    expect(idCandidates([ips, typeWide]).map((r) => r.id)).toEqual(['b', 'p']);
  });

  it('sends a search that pins a category to its owner, and an unpinned one to every owner of the type', () => {
    expect(keys(searchDestinations([lab], [['category', 'laboratory']]))).toEqual(['http://a/fhir']);
    expect(keys(searchDestinations([lab], [['category', 'http://terminology.hl7.org/CodeSystem/observation-category|vital-signs']]))).toEqual(['local']);
    expect(keys(searchDestinations([lab], [['category', 'vital-signs,laboratory']]))).toEqual(['local', 'http://a/fhir']);
    expect(keys(searchDestinations([lab], [['code', '1']]))).toEqual(['local', 'http://a/fhir']);
    expect(keys(searchDestinations([lab, typeWide], []))).toEqual(['http://b/fhir', 'http://a/fhir']);
    expect(keys(searchDestinations([typeWide, rule({ id: 'l', category: 'vital-signs', target: 'local', serviceUrl: null })], []))).toEqual(['http://b/fhir', 'local']);
  });

  it('fans a search out to every active rule of the type when one is marked fan-out, the local store included when no rule takes the whole type', () => {
    const mirror = rule({ id: 'm', isPrimary: false, fanOut: true });
    expect(keys(searchDestinations([typeWide, mirror], []))).toEqual(['http://b/fhir', 'http://m/fhir']);
    expect(keys(searchDestinations([rule({ id: 'a', category: 'laboratory', fanOut: true })], []))).toEqual(['http://a/fhir', 'local']);
    expect(keys(searchDestinations([rule({ id: 'a', category: 'laboratory', fanOut: true }), rule({ id: 'v', category: 'vital-signs' })], [['category', 'laboratory']]))).toEqual(['http://a/fhir', 'local']);
  });

  it('asks the type-wide owner first, then the category owners, about a resource known only by id', () => {
    expect(idCandidates([lab, typeWide]).map((r) => r.id)).toEqual(['b', 'a']);
    expect(idCandidates([lab]).map((r) => r.id)).toEqual(['a']);
  });

  it('keeps a transaction whole on one server and calls mixed owners mixed', () => {
    const patientRules: RouteRule[] = [];
    const local = entryDestinations(patientRules, 'POST', { resourceType: 'Patient' }, []);
    const toLab = entryDestinations([lab], 'POST', obs('laboratory'), []);
    const toVitals = entryDestinations([lab], 'POST', obs('vital-signs'), []);
    expect(transactionRoute([local, toVitals])).toEqual({ kind: 'local' });
    expect(transactionRoute([toLab, toLab])).toEqual({ kind: 'upstream', rule: lab });
    expect(transactionRoute([toLab, local])).toEqual({ kind: 'mixed', owners: [lab] });
    expect(transactionRoute([entryDestinations([lab], 'DELETE', undefined, [])])).toEqual({ kind: 'mixed', owners: [lab] });
  });
});
