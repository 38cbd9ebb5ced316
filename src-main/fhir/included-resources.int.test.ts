import type { Observation, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { useTempStore } from '../../test/support/temp-store';
import { createFhirRepo } from '../store/fhir-repo';
import { DEFAULT_TENANT_ID } from '../store/open-store';
import { createTransact } from '../store/transact';
import { extractIndexRows } from './search';
import { createSearchService } from './search-service';
import { createFhirService } from './store-service';

const OTHER_TENANT = 'other-tenant';

describe('_include:iterate over the store', () => {
  const store = useTempStore();
  const setup = (options: { maxIterateRounds?: number } = {}) => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const repo = createFhirRepo(store().sqlite);
    const fhir = createFhirService({ repo, transact: createTransact(store().sqlite), clock: { now: () => (now += 1000) }, indexRows: extractIndexRows, journal: { appendEvent: () => undefined }, resourceEventsWanted: () => false });
    const search = createSearchService(repo, options);
    /** `Type/id mode` per entry, sorted. */
    const holds = (tenantId: string, type: string, query: string): string[] =>
      (search.search(tenantId, type, [...new URLSearchParams(query)], 'http://x/fhir/R4').entry ?? []).map((e) => `${e.resource?.resourceType}/${e.resource?.id ?? ''} ${e.search?.mode}`).sort();
    const put = (tenantId: string, resource: Resource & { id: string }): void => void fhir.update(tenantId, resource.resourceType, resource.id, resource);
    return { holds, put, search };
  };
  /** Observation `id` with members `members`. */
  const panel = (id: string, ...members: string[]): Observation & { id: string } => ({
    resourceType: 'Observation', id, status: 'final', code: { text: id },
    ...(members.length > 0 ? { hasMember: members.map((m) => ({ reference: `Observation/${m}` })) } : {}),
  });

  it('follows a cycle once: each resource appears once, and the match never again as an include', () => {
    const { holds, put } = setup();
    put(DEFAULT_TENANT_ID, panel('a', 'b'));
    put(DEFAULT_TENANT_ID, panel('b', 'a', 'c'));
    put(DEFAULT_TENANT_ID, panel('c', 'a', 'b'));
    expect(holds(DEFAULT_TENANT_ID, 'Observation', '_id=a&_include:iterate=Observation:has-member')).toEqual(['Observation/a match', 'Observation/b include', 'Observation/c include']);
  });

  it('stops after the round bound with what it found and an OperationOutcome warning', () => {
    const { holds, put } = setup({ maxIterateRounds: 2 });
    for (const [id, next] of [['o1', 'o2'], ['o2', 'o3'], ['o3', 'o4'], ['o4', 'o5']] as const) put(DEFAULT_TENANT_ID, panel(id, next));
    put(DEFAULT_TENANT_ID, panel('o5'));
    expect(holds(DEFAULT_TENANT_ID, 'Observation', '_id=o1&_include:iterate=Observation:has-member')).toEqual([
      'Observation/o1 match', 'Observation/o2 include', 'Observation/o3 include', 'Observation/o4 include', 'OperationOutcome/ outcome',
    ]);
    expect(holds(DEFAULT_TENANT_ID, 'Observation', '_id=o3&_include:iterate=Observation:has-member')).toEqual(['Observation/o3 match', 'Observation/o4 include', 'Observation/o5 include']);
  });

  it('stays within the tenant of the request on every round', () => {
    const { holds, put } = setup();
    store().sqlite.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, 0)').run(OTHER_TENANT, OTHER_TENANT);
    put(DEFAULT_TENANT_ID, panel('t1', 't2'));
    put(DEFAULT_TENANT_ID, panel('t2'));
    put(OTHER_TENANT, panel('t2', 't3'));
    put(OTHER_TENANT, panel('t3'));
    put(OTHER_TENANT, { resourceType: 'Observation', id: 'r1', status: 'final', code: { text: 'r1' }, derivedFrom: [{ reference: 'Observation/t2' }] });
    expect(holds(DEFAULT_TENANT_ID, 'Observation', '_id=t1&_include:iterate=Observation:has-member&_revinclude:iterate=Observation:derived-from')).toEqual([
      'Observation/t1 match', 'Observation/t2 include',
    ]);
    expect(holds(OTHER_TENANT, 'Observation', '_id=t2&_include:iterate=Observation:has-member&_revinclude:iterate=Observation:derived-from')).toEqual([
      'Observation/r1 include', 'Observation/t2 match', 'Observation/t3 include',
    ]);
  });

  it('follows a _revinclude with a target type only to resources of that type', () => {
    const { holds, put } = setup();
    put(DEFAULT_TENANT_ID, { resourceType: 'Patient', id: 'p1' });
    put(DEFAULT_TENANT_ID, { resourceType: 'Observation', id: 'v1', status: 'final', code: { text: 'v1' }, subject: { reference: 'Patient/p1' } });
    expect(holds(DEFAULT_TENANT_ID, 'Patient', '_id=p1&_revinclude=Observation:subject:Group')).toEqual(['Patient/p1 match']);
    expect(holds(DEFAULT_TENANT_ID, 'Patient', '_id=p1&_revinclude=Observation:subject:Patient')).toEqual(['Observation/v1 include', 'Patient/p1 match']);
    expect(holds(DEFAULT_TENANT_ID, 'Patient', '_id=p1&_revinclude=Observation:subject')).toEqual(['Observation/v1 include', 'Patient/p1 match']);
  });
});
