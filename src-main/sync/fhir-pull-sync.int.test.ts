import { afterEach, describe, expect, it } from 'vitest';
import { fhirCall, startUpstreamEngine, type UpstreamEngine } from '../../test/support/fhir-peers';
import { recordingRun } from '../../test/support/recording-run';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { AppError } from '../core/errors';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function peers(): Promise<{ upstream: UpstreamEngine; local: TempEngine; localFhir: string }> {
  const upstream = await startUpstreamEngine();
  cleanups.push(() => upstream.dispose());
  const local = await startTempEngine();
  cleanups.push(() => local.dispose());
  return { upstream, local, localFhir: `${local.url as string}fhir/R4` };
}

const patient = (id: string, family: string) => ({ resourceType: 'Patient', id, name: [{ family }] });

describe('fhir-pull-sync against a second engine', () => {
  it('copies every resource on the first run, paging through next links, and only what changed on the next', async () => {
    const { upstream, local, localFhir } = await peers();
    for (const [id, family] of [['p1', 'Ames'], ['p2', 'Baker'], ['p3', 'Cole']]) await fhirCall(upstream.fhirUrl, 'PUT', `Patient/${id}`, patient(id as string, family as string));
    const kind = local.sync.kinds.fhirPullSync;
    const config = kind.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'], pageSize: 2 });

    const first = recordingRun(config);
    await kind.run(first);
    expect(first.counts).toEqual({ read: 3, written: 3, skipped: 0, failed: 0, conflicts: 0 });
    expect((await fhirCall(localFhir, 'GET', 'Patient/p2')).body.name).toEqual([{ family: 'Baker' }]);

    await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/p2', patient('p2', 'Baxter'));
    const second = recordingRun(config, { jobState: first.newJobState });
    await kind.run(second);
    expect(second.counts).toEqual({ read: 1, written: 1, skipped: 0, failed: 0, conflicts: 0 });
    expect((await fhirCall(localFhir, 'GET', 'Patient/p2')).body.name).toEqual([{ family: 'Baxter' }]);
  });

  it('copies a change of a decimal\'s precision alone (71.3 → 71.30), as the store counts it', async () => {
    const { upstream, local, localFhir } = await peers();
    const weight = (value: string): string => `{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Weight"},"valueQuantity":{"value":${value},"unit":"kg"}}`;
    await fhirCall(upstream.fhirUrl, 'PUT', 'Observation/o1', weight('71.3'));
    const kind = local.sync.kinds.fhirPullSync;
    const config = kind.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Observation'] });
    const first = recordingRun(config);
    await kind.run(first);
    expect(first.counts).toMatchObject({ read: 1, written: 1 });

    await fhirCall(upstream.fhirUrl, 'PUT', 'Observation/o1', weight('71.30'));
    const second = recordingRun(config, { jobState: first.newJobState });
    await kind.run(second);
    expect(second.counts).toEqual({ read: 1, written: 1, skipped: 0, failed: 0, conflicts: 0 });
    expect(await (await fetch(`${localFhir}/Observation/o1`)).text()).toContain('"value":71.30');
  });

  it('fails with SYNC_UPSTREAM_UNREACHABLE while the upstream is down, and the next run catches up', async () => {
    const { upstream, local, localFhir } = await peers();
    await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/p1', patient('p1', 'Ames'));
    const kind = local.sync.kinds.fhirPullSync;
    const config = kind.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'] });
    const first = recordingRun(config);
    await kind.run(first);

    await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/p2', patient('p2', 'Baker'));
    await upstream.stop();
    const down = recordingRun(config, { jobState: first.newJobState });
    const failure = await kind.run(down).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ kind: 'unavailable', code: 'SYNC_UPSTREAM_UNREACHABLE' });
    expect(down.newJobState).toBeUndefined();

    await upstream.start();
    const after = recordingRun(config, { jobState: first.newJobState });
    await kind.run(after);
    expect(after.counts).toMatchObject({ read: 1, written: 1 });
    expect((await fhirCall(localFhir, 'GET', 'Patient/p2')).status).toBe(200);
  });

  it('resumes an interrupted run from the checkpoint of its last page', async () => {
    const { upstream, local } = await peers();
    for (const id of ['p1', 'p2', 'p3', 'p4']) await fhirCall(upstream.fhirUrl, 'PUT', `Patient/${id}`, patient(id, 'Dunn'));
    const kind = local.sync.kinds.fhirPullSync;
    const config = kind.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'], pageSize: 2 });
    const interrupted = recordingRun(config);
    const save = interrupted.saveCheckpoint;
    interrupted.saveCheckpoint = (checkpoint) => {
      save(checkpoint);
      interrupted.abort();
    };
    await kind.run(interrupted);
    expect(interrupted.counts.written).toBe(2);
    expect(interrupted.newJobState).toBeUndefined();

    const resumed = recordingRun(config, { checkpoint: interrupted.savedCheckpoint });
    await kind.run(resumed);
    expect(resumed.counts).toMatchObject({ read: 2, written: 2, skipped: 0 });
    expect(resumed.newJobState).toMatchObject({ since: { Patient: expect.any(String) } });
  });
});
