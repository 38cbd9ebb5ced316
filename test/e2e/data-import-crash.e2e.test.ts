import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PATIENT_MAPPING, patientCsv } from '../support/patient-csv';
import { spawnEngine, tempDataDir, type EngineProcess } from '../support/headless-process';

interface Batch {
  id: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  duplicates: number;
}

const getBatch = async (engine: EngineProcess, id: string): Promise<Batch> => (await (await fetch(`${engine.url}api/v1/data-import-batches/${id}`)).json()) as Batch;

describe('a data import killed mid-way', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('resumes from its checkpoint after SIGKILL and a restart, with every row counted exactly once', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    let engine = await spawnEngine([], undefined, dataDir);
    const { text, bad } = patientCsv(10_000, 'K');
    const response = await fetch(`${engine.url}api/v1/data-import-batches`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fileName: 'k.csv', format: 'csv', content: text, mapping: PATIENT_MAPPING }) });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as Batch;

    let seen: Batch | undefined;
    for (let i = 0; i < 1200; i++) {
      seen = await getBatch(engine, id);
      if (seen.processed >= 1000) break;
      await new Promise((done) => setTimeout(done, 25));
    }
    engine.child.kill('SIGKILL');
    await new Promise((done) => engine.child.once('exit', done));
    expect(seen?.status).toBe('running');
    expect(seen?.processed).toBeLessThan(10_000);

    engine = await spawnEngine([], undefined, dataDir);
    let done: Batch | undefined;
    for (let i = 0; i < 2400; i++) {
      done = await getBatch(engine, id);
      if (done.status === 'completed' || done.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done).toMatchObject({ status: 'completed', total: 10_000, processed: 10_000, succeeded: 10_000 - bad.length, failed: bad.length, duplicates: 0 });
    const records = (await (await fetch(`${engine.url}api/v1/data-import-batches/${id}/records?pageSize=1`)).json()) as { total: number };
    expect(records.total).toBe(10_000);
    const patients = (await (await fetch(`${engine.url}fhir/R4/Patient?_summary=count`)).json()) as { total: number };
    expect(patients.total).toBe(10_000 - bad.length);
    expect(await engine.stop()).toBe(0);
  });
});
