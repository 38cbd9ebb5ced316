import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { localShare, mergeSearchsets } from './search-merge';

const patient = (server: string, id: string, lastUpdated: string, identifier?: string): BundleEntry => ({
  fullUrl: `${server}/Patient/${id}`,
  resource: { resourceType: 'Patient', id, meta: { lastUpdated }, ...(identifier ? { identifier: [{ system: 'urn:mrn', value: identifier }] } : {}) },
  search: { mode: 'match' },
});
const searchset = (entry: BundleEntry[], more = false): Bundle => ({ resourceType: 'Bundle', type: 'searchset', total: entry.length, entry, ...(more ? { link: [{ relation: 'next', url: 'x' }] } : {}) });
const outcomeOf = (bundle: Bundle) => bundle.entry?.find((e) => e.search?.mode === 'outcome')?.resource as { issue: { severity: string; diagnostics: string }[] } | undefined;

describe('merging fanned-out searchsets', () => {
  it('keeps every resource once, in source order, with total the merged count and no outcome when all went well', () => {
    const merged = mergeSearchsets({
      selfUrl: 'http://gw/Patient',
      sources: [
        { server: 'A', bundle: searchset([patient('A', '1', '2024-01-01T00:00:00Z'), patient('A', '1', '2024-01-01T00:00:00Z')]) },
        { server: 'B', bundle: searchset([patient('B', '1', '2024-01-01T00:00:00Z')]) },
      ],
    });
    expect(merged.entry?.map((e) => e.fullUrl)).toEqual(['A/Patient/1', 'B/Patient/1']);
    expect(merged.total).toBe(2);
    expect(outcomeOf(merged)).toBeUndefined();
    expect(merged.link).toEqual([{ relation: 'self', url: 'http://gw/Patient' }]);
  });

  it('keeps the newest copy of a business identifier held by two servers and says the others were left out', () => {
    const merged = mergeSearchsets({
      selfUrl: 's',
      sources: [
        { server: 'A', bundle: searchset([patient('A', '1', '2024-01-01T00:00:00Z', 'mrn-1'), patient('A', '2', '2024-01-01T00:00:00Z', 'mrn-2')]) },
        { server: 'B', bundle: searchset([patient('B', '9', '2024-06-01T00:00:00Z', 'mrn-1')]) },
      ],
    });
    expect(merged.entry?.filter((e) => e.search?.mode === 'match').map((e) => e.fullUrl)).toEqual(['A/Patient/2', 'B/Patient/9']);
    expect(merged.total).toBe(2);
    expect(outcomeOf(merged)?.issue[0]).toMatchObject({ severity: 'information' });
  });

  it('keeps two resources of one server that share an identifier (the server holds both)', () => {
    const merged = mergeSearchsets({ selfUrl: 's', sources: [{ server: 'A', bundle: searchset([patient('A', '1', '2024-01-01T00:00:00Z', 'm'), patient('A', '2', '2024-02-01T00:00:00Z', 'm')]) }] });
    expect(merged.total).toBe(2);
  });

  it('names each server that did not answer while the others still do, and says when results are capped', () => {
    const merged = mergeSearchsets({
      selfUrl: 's',
      sources: [
        { server: 'A', problem: { severity: 'warning', text: 'unavailable (TypeError)' } },
        { server: 'local', bundle: searchset([patient('L', '1', '2024-01-01T00:00:00Z')], true) },
      ],
    });
    expect(merged.total).toBe(1);
    const issues = outcomeOf(merged)?.issue ?? [];
    expect(issues[0]).toMatchObject({ severity: 'warning', diagnostics: 'A: unavailable (TypeError)' });
    expect(issues[1]?.diagnostics).toContain('capped');
    expect(merged.entry?.at(-1)?.search?.mode).toBe('outcome');
  });

  it('counts a match once even when it also came as an include, and keeps includes out of total', () => {
    const include: BundleEntry = { ...patient('A', '1', '2024-01-01T00:00:00Z'), search: { mode: 'include' } };
    const merged = mergeSearchsets({ selfUrl: 's', sources: [{ server: 'A', bundle: searchset([include, patient('A', '1', '2024-01-01T00:00:00Z'), { ...patient('A', '7', '2024-01-01T00:00:00Z'), search: { mode: 'include' } }]) }] });
    expect(merged.entry?.map((e) => e.search?.mode)).toEqual(['match', 'include']);
    expect(merged.total).toBe(1);
  });

  it('adds up totals for _summary=count and says a resource on two servers counts twice', () => {
    const merged = mergeSearchsets({ selfUrl: 's', countOnly: true, sources: [{ server: 'A', bundle: { resourceType: 'Bundle', type: 'searchset', total: 3 } }, { server: 'B', bundle: { resourceType: 'Bundle', type: 'searchset', total: 2 } }] });
    expect(merged.total).toBe(5);
    expect(outcomeOf(merged)?.issue[0]?.diagnostics).toContain('counts twice');
  });

  it('keeps the local copies of a down owner and of local categories, and drops mirrors of owners that answered', () => {
    const entry = (id: string, owner: string): BundleEntry => ({ fullUrl: `L/Observation/${id}`, resource: { resourceType: 'Observation', id, note: [{ text: owner }] } as Resource, search: { mode: 'match' } });
    const bundle = searchset([entry('1', 'local'), entry('2', 'A'), entry('3', 'B')]);
    const ownerOf = (r: Resource) => (r as { note: { text: string }[] }).note[0]?.text as string;
    const kept = localShare(bundle, ownerOf, (owner) => owner === 'local' || owner === 'B');
    expect(kept.entry?.map((e) => e.resource?.id)).toEqual(['1', '3']);
  });
});
