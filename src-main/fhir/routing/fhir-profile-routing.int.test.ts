import type { Bundle, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const PROFILE = 'http://example.org/fhir/StructureDefinition/research-observation';
const observation = (text: string, profile?: string): Resource =>
  ({ resourceType: 'Observation', status: 'final', code: { text }, ...(profile ? { meta: { profile: [profile] } } : {}) }) as Resource;

/** A gateway whose rule sends Observations declaring one profile to a second real engine (the research registry). */
describe('FHIR routing by declared profile', () => {
  let gateway: TempEngine;
  let registry: TempEngine;
  let g: Client;
  let r: Client;

  beforeAll(async () => {
    [gateway, registry] = await Promise.all([startTempEngine(), startTempEngine()]);
    g = new Client({ baseUrl: `${gateway.url}fhir/R4` });
    r = new Client({ baseUrl: `${registry.url}fhir/R4` });
    const response = await fetch(new URL('api/v1/fhir-routing-rules', gateway.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceType: 'Observation', profile: PROFILE, target: 'upstream', serviceUrl: `${registry.url}fhir/R4` }),
    });
    expect(response.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([gateway.dispose(), registry.dispose()]);
  });

  it('writes resources declaring the profile to its owner and keeps the others local', async () => {
    const research = (await g.create({ resourceType: 'Observation', body: observation('study score', `${PROFILE}|1.0`) as never })) as Resource;
    const routine = (await g.create({ resourceType: 'Observation', body: observation('pulse') as never })) as Resource;
    expect(await r.read({ resourceType: 'Observation', id: research.id as string })).toMatchObject({ code: { text: 'study score' } });
    expect((await failure(r.read({ resourceType: 'Observation', id: routine.id as string }))).status).toBe(404);

    const pinned = (await g.search({ resourceType: 'Observation', searchParams: { _profile: PROFILE } })) as unknown as Bundle;
    expect(pinned.entry?.map((e) => e.resource?.id)).toEqual([research.id]);
    const all = (await g.search({ resourceType: 'Observation' })) as unknown as Bundle;
    expect((all.entry ?? []).filter((e) => e.search?.mode !== 'outcome').map((e) => e.resource?.id).sort()).toEqual([research.id, routine.id].sort());
  });
});
