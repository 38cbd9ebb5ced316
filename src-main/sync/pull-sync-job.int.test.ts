import { afterEach, describe, expect, it } from 'vitest';
import { httpTransport, type TestTransport } from '../../test/support/api-transports';
import { fhirCall, startUpstreamEngine } from '../../test/support/fhir-peers';
import { startTempEngine } from '../../test/support/temp-engine';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function finished(api: TestTransport, id: string): Promise<Json> {
  const until = Date.now() + 20_000;
  for (;;) {
    const run = (await api.call('integrationRuns.get', { id })).body as Json;
    if (['succeeded', 'failed'].includes(run.status as string)) return run;
    if (Date.now() > until) throw new Error(`run ${id} is still ${run.status}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('a fhir-pull-sync integration job', () => {
  it('runs from the jobs API with its counts, and its next run copies only what changed since the last successful one', async () => {
    const upstream = await startUpstreamEngine();
    cleanups.push(() => upstream.dispose());
    const local = await startTempEngine();
    cleanups.push(() => local.dispose());
    const api = httpTransport(local.url as string);
    for (const [id, family] of [['p1', 'Ames'], ['p2', 'Baker']]) await fhirCall(upstream.fhirUrl, 'PUT', `Patient/${id}`, { resourceType: 'Patient', id, name: [{ family }] });

    const job = (await api.call('integrationJobs.create', { name: 'county HIE patients', kind: 'fhir-pull-sync', schedule: '*/15 * * * *', config: { serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'] } })).body as Json;
    const first = await finished(api, ((await api.call('integrationJobs.run', { id: job.id })).body as Json).id as string);
    expect(first).toMatchObject({ status: 'succeeded', counts: { read: 2, written: 2, failed: 0, conflicts: 0 } });

    await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/p2', { resourceType: 'Patient', id: 'p2', name: [{ family: 'Baxter' }] });
    const second = await finished(api, ((await api.call('integrationJobs.run', { id: job.id })).body as Json).id as string);
    expect(second).toMatchObject({ status: 'succeeded', counts: { read: 1, written: 1 } });
    expect((await fhirCall(`${local.url as string}fhir/R4`, 'GET', 'Patient/p2')).body.name).toEqual([{ family: 'Baxter' }]);
  });
});
