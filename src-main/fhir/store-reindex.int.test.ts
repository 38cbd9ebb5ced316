import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createFhirRepo } from '../store/fhir-repo';
import { DEFAULT_TENANT_ID } from '../store/open-store';
import { createTransact } from '../store/transact';
import { extractIndexRows, parseSearch, type SearchRequest } from './search';
import { createFhirService } from './store-service';

const TENANT = DEFAULT_TENANT_ID;

describe('the FHIR store rewrites only the index tables a new version changes', () => {
  const store = useTempStore();
  const setup = () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const repo = createFhirRepo(store().sqlite);
    const fhir = createFhirService({ repo, transact: createTransact(store().sqlite), clock: { now: () => (now += 1000) }, indexRows: extractIndexRows, journal: { appendEvent: () => undefined }, resourceEventsWanted: () => false });
    const ids = (query: string): string[] => repo.search(TENANT, { ...(parseSearch('Patient', [...new URLSearchParams(query)]) as SearchRequest), count: 10, offset: 0 }).rows.map((r) => r.id);
    /** Marks the resource's token rows, so a later look tells rows kept from rows written again. */
    const markTokens = (): void => void store().sqlite.prepare(`UPDATE fhir_search_token SET text = 'kept' WHERE resource_id = 'p1'`).run();
    const tokenTexts = (): string[] => store().sqlite.prepare(`SELECT DISTINCT coalesce(text, '') FROM fhir_search_token WHERE resource_id = 'p1'`).pluck().all() as string[];
    return { fhir, ids, markTokens, tokenTexts };
  };
  const patient = (family: string, mrn: string, source = 'urn:msg:1'): Patient => ({
    resourceType: 'Patient',
    id: 'p1',
    meta: { source },
    identifier: [{ system: 'urn:mrn', value: mrn }],
    name: [{ family }],
    birthDate: '1970-01-01',
  });

  it('keeps the rows of tables whose values did not change and replaces those that did, so search finds the new values only', () => {
    const { fhir, ids, markTokens, tokenTexts } = setup();
    fhir.update(TENANT, 'Patient', 'p1', patient('Smith', 'A1'));
    markTokens();
    fhir.update(TENANT, 'Patient', 'p1', patient('Jones', 'A1', 'urn:msg:2'));
    expect(tokenTexts()).toEqual(['kept']);
    expect(ids('family=Jones')).toEqual(['p1']);
    expect(ids('family=Smith')).toEqual([]);
    expect(ids('_source=urn:msg:2')).toEqual(['p1']);
    expect(ids('_source=urn:msg:1')).toEqual([]);
    fhir.update(TENANT, 'Patient', 'p1', patient('Jones', 'B2', 'urn:msg:2'));
    expect(tokenTexts()).not.toContain('kept');
    expect(ids('identifier=urn:mrn|B2')).toEqual(['p1']);
    expect(ids('identifier=urn:mrn|A1')).toEqual([]);
  });

  it('rewrites every table of a version whose stored digest is unknown, and of a resource created again after a delete', () => {
    const { fhir, ids } = setup();
    fhir.update(TENANT, 'Patient', 'p1', patient('Smith', 'A1'));
    store().sqlite.prepare(`UPDATE fhir_resources SET index_digest = NULL`).run();
    store().sqlite.prepare(`INSERT INTO fhir_search_string (tenant_id, resource_type, resource_id, param, value, exact) VALUES (?, 'Patient', 'p1', 'family', 'stale', 'stale')`).run(TENANT);
    fhir.update(TENANT, 'Patient', 'p1', patient('Smith', 'A1', 'urn:msg:2'));
    expect(ids('family=stale')).toEqual([]);
    expect(ids('family=Smith')).toEqual(['p1']);
    fhir.remove(TENANT, 'Patient', 'p1');
    expect(ids('family=Smith')).toEqual([]);
    fhir.update(TENANT, 'Patient', 'p1', patient('Smith', 'A1', 'urn:msg:3'));
    expect(ids('family=Smith')).toEqual(['p1']);
    expect(ids('identifier=urn:mrn|A1')).toEqual(['p1']);
  });
});
