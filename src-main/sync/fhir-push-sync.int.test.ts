import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirCall, startUpstreamEngine, type UpstreamEngine } from '../../test/support/fhir-peers';
import { recordingRun } from '../../test/support/recording-run';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { ConflictStrategy } from '../../src-shared/sync';

let upstream: UpstreamEngine;
let local: TempEngine;
let localFhir: string;
beforeAll(async () => {
  upstream = await startUpstreamEngine();
  local = await startTempEngine();
  localFhir = `${local.url as string}fhir/R4`;
}, 120_000);
afterAll(async () => {
  await local?.dispose();
  await upstream?.dispose();
});

const observation = (id: string, value: number) => ({ resourceType: 'Observation', id, status: 'final', code: { text: 'glucose' }, valueQuantity: { value } });
const remoteValue = async (id: string) => ((await fhirCall(upstream.fhirUrl, 'GET', `Observation/${id}`)).body.valueQuantity as { value: number }).value;
const pushConfig = (strategy: ConflictStrategy) => local.sync.kinds.fhirPushSync.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Observation'], conflictStrategy: { Observation: strategy }, pageSize: 2 });

async function push(strategy: ConflictStrategy, jobState: unknown) {
  const run = recordingRun(pushConfig(strategy), { jobId: `JOB_01J00000000000000000PUSH${strategy.length}`, jobState });
  await local.sync.kinds.fhirPushSync.run(run);
  return run;
}

describe('fhir-push-sync against a second engine', () => {
  it('sends local changes since the last run, detects a concurrent upstream change by If-Match and settles it by strategy (an open conflict stays open)', async () => {
    for (const id of ['o1', 'o2', 'o3']) await fhirCall(localFhir, 'PUT', `Observation/${id}`, observation(id, 5));
    const first = await push('manual', null);
    expect(first.counts).toEqual({ read: 3, written: 3, skipped: 0, failed: 0, conflicts: 0 });
    expect(await remoteValue('o2')).toBe(5);

    await fhirCall(localFhir, 'PUT', 'Observation/o1', observation('o1', 6));
    const second = await push('manual', first.newJobState);
    expect(second.counts).toMatchObject({ written: 1, conflicts: 0, failed: 0 });
    expect(await remoteValue('o1')).toBe(6);

    await fhirCall(upstream.fhirUrl, 'PUT', 'Observation/o2', observation('o2', 9));
    await fhirCall(localFhir, 'PUT', 'Observation/o2', observation('o2', 7));
    const manual = await push('manual', second.newJobState);
    expect(manual.counts).toMatchObject({ written: 0, conflicts: 1, failed: 0 });
    expect(await remoteValue('o2')).toBe(9);

    await fhirCall(upstream.fhirUrl, 'PUT', 'Observation/o3', observation('o3', 9));
    await fhirCall(localFhir, 'PUT', 'Observation/o3', observation('o3', 7));
    const sourceWins = await push('source_wins', manual.newJobState);
    // o2 is read again (the high-water mark is its change, taken inclusively) and stays in the inbox.
    expect(sourceWins.counts).toMatchObject({ read: 2, written: 1, conflicts: 2, failed: 0 });
    expect(await remoteValue('o3')).toBe(7);
    expect(await remoteValue('o2')).toBe(9);
  });

  it('pushes nothing back that a pull just brought in', async () => {
    await fhirCall(upstream.fhirUrl, 'PUT', 'Observation/u1', observation('u1', 3));
    const pull = recordingRun(local.sync.kinds.fhirPullSync.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Observation'], search: { Observation: '_id=u1' } }));
    await local.sync.kinds.fhirPullSync.run(pull);
    expect(pull.counts.written).toBe(1);
    const since = { since: { Observation: Date.now() - 60_000 } };
    const run = await push('manual', since);
    expect(run.errors).toEqual([]);
    expect(run.counts.written).toBe(0);
    expect((await fhirCall(upstream.fhirUrl, 'GET', 'Observation/u1')).body.meta).toMatchObject({ versionId: '1' });
  });
});
