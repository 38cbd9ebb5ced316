import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpTransport, ipcTransport } from '../../../test/support/api-transports';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';


/** Two real engines: `owner` is the upstream FHIR server that owns Observations for `gateway`. */
describe('FHIR routing to an owning upstream server', () => {
  let gateway: TempEngine;
  let owner: TempEngine | undefined;
  let ownerUrl: string;

  beforeAll(async () => {
    owner = await startTempEngine();
    ownerUrl = `${owner.url}fhir/R4`;
    gateway = await startTempEngine();
    const rule = await engineCall(gateway, 'POST', '/api/v1/fhir-routing-rules', { resourceType: 'Observation', target: 'upstream', serviceUrl: ownerUrl });
    expect(rule.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await gateway.dispose();
    await owner?.dispose();
  });

  async function engineCall(engine: TempEngine, method: string, path: string, body?: unknown) {
    const headers = { 'content-type': path.startsWith('/fhir/') ? 'application/fhir+json' : 'application/json' };
    const response = await fetch(new URL(path.replace(/^\//, ''), engine.url), { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, warning: response.headers.get('warning'), body: await response.json() };
  }
  const observation = { resourceType: 'Observation', status: 'final', code: { text: 'glucose' }, valueQuantity: { value: 5.4, unit: 'mmol/L' } };

  it('forwards writes and reads of owned types to the owner and keeps a local copy', async () => {
    const created = await engineCall(gateway, 'POST', '/fhir/R4/Observation', observation);
    expect(created.status).toBe(201);
    const atOwner = await fetch(`${ownerUrl}/Observation/${created.body.id}`);
    expect(atOwner.status).toBe(200);
    const read = await engineCall(gateway, 'GET', `/fhir/R4/Observation/${created.body.id}`);
    expect(read).toMatchObject({ status: 200, warning: null, body: { id: created.body.id } });
    const searched = await engineCall(gateway, 'GET', '/fhir/R4/Observation?_summary=count');
    expect(searched.body.total).toBe(1);
  });

  it('answers the console FHIR browser, over HTTP and IPC, from the owner as /fhir/R4 does', async () => {
    const atOwner = await engineCall(owner as TempEngine, 'POST', '/fhir/R4/Observation', { ...observation, code: { text: 'known only to the owner' } });
    const id = atOwner.body.id as string;
    const ipc = ipcTransport(gateway);
    try {
      for (const transport of [httpTransport(gateway.url as string), ipc]) {
        const searched = await transport.call('fhir.search', { resourceType: 'Observation', query: `_id=${id}` });
        expect(searched.status, transport.name).toBe(200);
        expect((searched.body as { entry: { resource: { id: string } }[] }).entry.map((e) => e.resource.id), transport.name).toEqual([id]);
        const read = await transport.call('fhir.read', { resourceType: 'Observation', id });
        expect(read, transport.name).toMatchObject({ status: 200, body: { id, code: { text: 'known only to the owner' } } });
      }
    } finally {
      ipc.dispose();
    }
    const viaFhir = await engineCall(gateway, 'GET', `/fhir/R4/Observation/${id}`);
    expect(viaFhir.body).toEqual(atOwner.body);
  });

  it('keeps types without a rule local', async () => {
    const patient = await engineCall(gateway, 'POST', '/fhir/R4/Patient', { resourceType: 'Patient', name: [{ family: 'Local' }] });
    expect(patient.status).toBe(201);
    expect((await fetch(`${ownerUrl}/Patient/${patient.body.id}`)).status).toBe(404);
    const inCompartment = await engineCall(gateway, 'GET', `/fhir/R4/Patient/${patient.body.id}/Encounter`);
    expect(inCompartment).toMatchObject({ status: 200, body: { resourceType: 'Bundle', total: 0 } });
  });

  it('refuses a compartment search of an owned type, which the owner would not be asked, naming the search to use', async () => {
    const refused = await engineCall(gateway, 'GET', '/fhir/R4/Patient/p1/Observation');
    expect(refused.status).toBe(400);
    expect(refused.body.issue[0]).toMatchObject({ code: 'not-supported', diagnostics: expect.stringContaining('Observation is routed to an upstream server') });
  });

  it('answers from the local copy with a warning while the owner is down, queues writes, and says 503 where nothing local can answer', async () => {
    const created = await engineCall(gateway, 'POST', '/fhir/R4/Observation', observation);
    await owner?.dispose();
    owner = undefined;

    const read = await engineCall(gateway, 'GET', `/fhir/R4/Observation/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.warning).toContain('answered from the local store');

    const searched = await engineCall(gateway, 'GET', '/fhir/R4/Observation');
    expect(searched.body.entry.at(-1)).toMatchObject({ search: { mode: 'outcome' }, resource: { resourceType: 'OperationOutcome' } });

    const offline = await engineCall(gateway, 'POST', '/fhir/R4/Observation', observation);
    expect(offline.status).toBe(201);
    expect(offline.warning).toContain('queued');
    const queued = gateway.store.sqlite.prepare("select count(*) from outbox_events where type = 'FhirWriteQueued'").pluck().get();
    expect(queued).toBe(1);

    const missing = await engineCall(gateway, 'GET', '/fhir/R4/Observation/never-seen');
    expect(missing.status).toBe(503);
    expect(missing.body.issue[0].diagnostics).toContain('INTEROP_OWNING_SERVICE_UNAVAILABLE');
  });
});
