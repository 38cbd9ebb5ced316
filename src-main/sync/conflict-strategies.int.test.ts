import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fhirCall, startUpstreamEngine, type UpstreamEngine } from '../../test/support/fhir-peers';
import { recordingRun } from '../../test/support/recording-run';
import { insertSyncJob } from '../../test/support/sync-job-row';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { ConflictStrategy } from '../../src-shared/sync';

let upstream: UpstreamEngine;
let local: TempEngine;
let localFhir: string;
let api: string;
beforeAll(async () => {
  upstream = await startUpstreamEngine();
  local = await startTempEngine();
  localFhir = `${local.url as string}fhir/R4`;
  api = `${local.url as string}api/v1`;
}, 120_000);
afterAll(async () => {
  await local?.dispose();
  await upstream?.dispose();
});

let jobs = 0;
const patient = (id: string, family: string, birthDate = '1970-01-01') => ({ resourceType: 'Patient', id, name: [{ family }], birthDate });

/**
 * A pull job for one Patient under `strategy`: synced once, then both sides changed (`remote` upstream
 * first, then `localChange` locally), then pulled again. Answers the second run.
 */
async function bothSidesChanged(strategy: ConflictStrategy, id: string, remote: Record<string, unknown>, localChange: Record<string, unknown>) {
  const jobId = `JOB_01J0000000000000000000000${jobs++}`;
  const config = local.sync.kinds.fhirPullSync.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'], search: { Patient: `_id=${id}` }, conflictStrategy: { Patient: strategy } });
  insertSyncJob(local, jobId, 'fhir-pull-sync', config);
  await fhirCall(upstream.fhirUrl, 'PUT', `Patient/${id}`, patient(id, 'Base'));
  const first = recordingRun(config, { jobId });
  await local.sync.kinds.fhirPullSync.run(first);
  await fhirCall(upstream.fhirUrl, 'PUT', `Patient/${id}`, { ...patient(id, 'Base'), ...remote });
  await new Promise((resolve) => setTimeout(resolve, 5));
  await fhirCall(localFhir, 'PUT', `Patient/${id}`, { ...patient(id, 'Base'), ...localChange });
  const second = recordingRun(config, { jobId, jobState: first.newJobState });
  await local.sync.kinds.fhirPullSync.run(second);
  return { run: second, jobId };
}

const localPatient = async (id: string) => (await fhirCall(localFhir, 'GET', `Patient/${id}`)).body;
const remotePatient = async (id: string) => (await fhirCall(upstream.fhirUrl, 'GET', `Patient/${id}`)).body;
const openConflicts = async (query: string) => (await (await fetch(`${api}/sync-conflicts?status=open&${query}`)).json()) as { data: { id: string; resourceId: string; differingFields: string[] }[]; total: number };
const resolve = (id: string, body: unknown) => fetch(`${api}/sync-conflicts/${id}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('sync conflicts: both sides changed since the last pull', () => {
  it('source_wins takes the upstream version', async () => {
    const { run } = await bothSidesChanged('source_wins', 's1', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }] });
    expect(run.counts).toMatchObject({ read: 1, written: 1, conflicts: 1 });
    expect((await localPatient('s1')).name).toEqual([{ family: 'Remote' }]);
  });

  it('dest_wins keeps the local version and leaves the upstream as it is', async () => {
    const { run } = await bothSidesChanged('dest_wins', 'd1', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }] });
    expect(run.counts).toMatchObject({ read: 1, written: 0, skipped: 1, conflicts: 1 });
    expect((await localPatient('d1')).name).toEqual([{ family: 'Local' }]);
    expect((await remotePatient('d1')).name).toEqual([{ family: 'Remote' }]);
  });

  it('newest_wins keeps the side changed last (here the local one)', async () => {
    const { run } = await bothSidesChanged('newest_wins', 'n1', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }] });
    expect(run.counts).toMatchObject({ conflicts: 1 });
    expect((await localPatient('n1')).name).toEqual([{ family: 'Local' }]);
  });

  it('merge keeps both sides when they changed different fields', async () => {
    const { run } = await bothSidesChanged('merge', 'm1', { name: [{ family: 'Remote' }] }, { birthDate: '1980-02-02' });
    expect(run.counts).toMatchObject({ written: 1, conflicts: 1 });
    expect(await localPatient('m1')).toMatchObject({ name: [{ family: 'Remote' }], birthDate: '1980-02-02' });
  });

  it('merge falls to the inbox when both sides changed the same field', async () => {
    const { run, jobId } = await bothSidesChanged('merge', 'm2', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }] });
    expect(run.counts).toMatchObject({ written: 0, conflicts: 1 });
    expect((await localPatient('m2')).name).toEqual([{ family: 'Local' }]);
    expect((await openConflicts(`jobId=${jobId}`)).data).toMatchObject([{ resourceId: 'm2', differingFields: ['name'] }]);
  });

  it('manual overwrites nothing, lands in the inbox, and resolves from the API with the local version written upstream and audited', async () => {
    const { run, jobId } = await bothSidesChanged('manual', 'x1', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }], birthDate: '1990-03-03' });
    expect(run.counts).toMatchObject({ written: 0, conflicts: 1 });
    expect((await localPatient('x1')).name).toEqual([{ family: 'Local' }]);
    expect((await remotePatient('x1')).name).toEqual([{ family: 'Remote' }]);
    const listed = await openConflicts(`jobId=${jobId}&resourceType=Patient`);
    expect(listed.data).toMatchObject([{ resourceId: 'x1', differingFields: ['birthDate', 'name'] }]);
    const id = listed.data[0]?.id as string;
    const detail = (await (await fetch(`${api}/sync-conflicts/${id}`)).json()) as { local: { name: unknown }; remote: { name: unknown } };
    expect(detail.local.name).toEqual([{ family: 'Local' }]);
    expect(detail.remote.name).toEqual([{ family: 'Remote' }]);

    const answer = await resolve(id, { choice: 'local' });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'resolved', resolution: 'local' });
    expect(await remotePatient('x1')).toMatchObject({ name: [{ family: 'Local' }], birthDate: '1990-03-03' });
    const audit = local.store.sqlite.prepare(`SELECT action, details FROM audit_events WHERE target_id = ? AND action = 'sync_conflict.resolve'`).all(id) as { action: string; details: string }[];
    expect(audit).toEqual([{ action: 'sync_conflict.resolve', details: JSON.stringify({ choice: 'local', resourceType: 'Patient', resourceId: 'x1' }) }]);
    expect((await resolve(id, { choice: 'remote' })).status).toBe(409);

    const next = recordingRun(local.sync.kinds.fhirPullSync.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'], search: { Patient: '_id=x1' } }), { jobId, jobState: run.newJobState });
    await local.sync.kinds.fhirPullSync.run(next);
    expect(next.counts).toMatchObject({ conflicts: 0, written: 0 });
  });

  it('resolves a manual conflict with an edited version written to both sides', async () => {
    const { jobId } = await bothSidesChanged('manual', 'x2', { name: [{ family: 'Remote' }] }, { name: [{ family: 'Local' }] });
    const id = (await openConflicts(`jobId=${jobId}`)).data[0]?.id as string;
    expect((await resolve(id, { choice: 'edited', resource: { resourceType: 'Observation', status: 'final' } })).status).toBe(422);
    const answer = await resolve(id, { choice: 'edited', resource: patient('x2', 'Edited') });
    expect(answer.status).toBe(200);
    expect((await localPatient('x2')).name).toEqual([{ family: 'Edited' }]);
    expect((await remotePatient('x2')).name).toEqual([{ family: 'Edited' }]);
  });
});
