import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';
import { fhirFailure as failure } from '../../../test/support/fhir-failure';

/** fhir-kit-client answers untyped resources; the tests name the shape they expect. */
const answer = async <T,>(request: Promise<unknown>): Promise<T> => (await request) as T;

const NPI = 'http://hl7.org/fhir/sid/us-npi';

/** A Synthea-style transaction: the Encounter names its practitioner by a conditional reference. */
const encounterBundle = (npi: string) => ({
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    { fullUrl: 'urn:uuid:e781e193-43ef-e822-b01b-0b8a15c21ad5', resource: { resourceType: 'Patient', name: [{ family: 'Walker122' }] }, request: { method: 'POST', url: 'Patient' } },
    {
      fullUrl: 'urn:uuid:a64627b7-41bd-3be6-80e7-730650b03520',
      resource: {
        resourceType: 'Encounter',
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: 'urn:uuid:e781e193-43ef-e822-b01b-0b8a15c21ad5' },
        participant: [{ individual: { reference: `Practitioner?identifier=${NPI}|${npi}`, display: 'Dr. Clara183 Galarza986' } }],
      },
      request: { method: 'POST', url: 'Encounter' },
    },
  ],
});

describe('FHIR R4 transaction conditional references', () => {
  let engine: TempEngine;
  let client: Client;
  beforeAll(async () => {
    engine = await startTempEngine();
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
  }, 60_000);
  afterAll(() => engine.dispose());

  it('rewrites a conditional reference to its one match', async () => {
    const practitioner = await answer<{ id: string }>(client.create({ resourceType: 'Practitioner', body: { resourceType: 'Practitioner', identifier: [{ system: NPI, value: '9999818690' }] } }));
    const response = await answer<{ entry: { response: { location: string } }[] }>(client.transaction({ body: encounterBundle('9999818690') }));
    const encounter = await answer<{ participant: { individual: { reference: string } }[] }>(client.read({ resourceType: 'Encounter', id: response.entry[1]?.response.location.split('/')[1] as string }));
    expect(encounter.participant[0]?.individual.reference).toBe(`Practitioner/${practitioner.id}`);
  });

  it('fails the whole transaction when a conditional reference matches nothing, or more than one', async () => {
    const before = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    const none = await failure(client.transaction({ body: encounterBundle('0000000000') }));
    expect(none.status).toBe(412);
    expect(JSON.stringify(none.data)).toContain(`Practitioner?identifier=${NPI}|0000000000`);
    for (let i = 0; i < 2; i += 1) await client.create({ resourceType: 'Practitioner', body: { resourceType: 'Practitioner', identifier: [{ system: NPI, value: '1111111111' }] } });
    expect((await failure(client.transaction({ body: encounterBundle('1111111111') }))).status).toBe(412);
    const after = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    expect(after.total).toBe(before.total);
  });

  it('refuses a transaction whose entries share a fullUrl (bdl-7), storing nothing: a urn:uuid reference to it would name either resource', async () => {
    const before = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    const shared = 'urn:uuid:aaaaaaaa-0000-4000-8000-000000000004';
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: shared, resource: { resourceType: 'Patient', name: [{ family: 'Twin-A' }] }, request: { method: 'POST', url: 'Patient' } },
        { fullUrl: shared, resource: { resourceType: 'Patient', name: [{ family: 'Twin-B' }] }, request: { method: 'POST', url: 'Patient' } },
        { resource: { resourceType: 'Observation', status: 'final', code: { text: 'twin' }, subject: { reference: shared } }, request: { method: 'POST', url: 'Observation' } },
      ],
    };
    const refused = await failure(client.transaction({ body: bundle }));
    expect(refused.status).toBe(400);
    expect(refused.data.issue[0]).toMatchObject({ code: 'invalid', expression: ['Bundle.entry[1].fullUrl'] });
    expect(refused.data.issue[0]?.diagnostics).toContain(shared);
    const after = await answer<{ total: number }>(client.history({ resourceType: 'Patient' }));
    expect(after.total).toBe(before.total);
  });

  it('rewrites a urn:uuid in an Attachment.url and in the narrative to the Binary entry it names, as it does references', async () => {
    const binary = 'urn:uuid:11111111-2222-4333-8444-555555555501';
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { fullUrl: binary, resource: { resourceType: 'Binary', contentType: 'text/plain', data: 'SGVsbG8gd29ybGQ=' }, request: { method: 'POST', url: 'Binary' } },
        {
          resource: {
            resourceType: 'DocumentReference',
            status: 'current',
            text: { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml"><a href="${binary}">note</a></div>` },
            content: [{ attachment: { contentType: 'text/plain', url: binary } }],
          },
          request: { method: 'POST', url: 'DocumentReference' },
        },
      ],
    };
    const response = await answer<{ entry: { response: { location: string } }[] }>(client.transaction({ body: bundle }));
    const binaryRef = response.entry[0]?.response.location.split('/_history')[0];
    const document = await answer<{ content: { attachment: { url: string } }[]; text: { div: string } }>(client.read({ resourceType: 'DocumentReference', id: response.entry[1]?.response.location.split('/')[1] as string }));
    expect(binaryRef).toMatch(/^Binary\/[^/]+$/);
    expect(document.content[0]?.attachment.url).toBe(binaryRef);
    expect(document.text.div).toContain(`href="${binaryRef}"`);
  });
});
