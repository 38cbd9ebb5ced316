import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { IntegrationJob, IntegrationRun, StoreOverview, StoreSettings } from '../../src-shared';
import { bootstrap, DATABASE_FILE, type Engine } from '../bootstrap';
import { MllpClient } from '../mllp/client';
import { integrityOk } from '../store/store-backup';
import { INTAKE_JOURNAL_FILE } from '../store/intake-journal';
import { FAKE_CONVERTER } from '../../test/support/fake-converter';
import { activeMllpConnector, msaOf } from '../../test/support/mllp-connector';
import { corpusMessage, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const adt = corpusMessage(readdirSync(HL7_CORPUS).find((f) => f.startsWith('msfc_ADT-A01')) as string);
const withControlId = (text: string, id: string) => text.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);
/** A message of ~8 KB, so the store grows quickly. */
const big = (id: string): string => `${withControlId(adt, id).replace(/[\r\n]+$/, '')}\rZPD|1|${'x'.repeat(8_000)}\r`;
const MB = 1024 * 1024;

type Ok<T> = { ok: true; value: T };
async function call<T>(engine: Engine, op: string, input: Record<string, unknown>): Promise<T> {
  const result = await engine.dispatcher.dispatch(op as never, input, { tenantId: engine.tenantId, actor: 'test' });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return (result as Ok<T>).value;
}

async function runToEnd(engine: Engine, jobId: string): Promise<IntegrationRun> {
  const queued = await call<IntegrationRun>(engine, 'integrationJobs.run', { id: jobId });
  const end = Date.now() + 60_000;
  for (;;) {
    const run = await call<IntegrationRun>(engine, 'integrationRuns.get', { id: queued.id });
    if (['succeeded', 'failed', 'interrupted'].includes(run.status) || Date.now() > end) return run;
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Sends numbered messages one after another until stopped; resolves with the control ids answered AA. */
function feed(port: number, prefix: string): { stop: () => Promise<string[]>; acked: string[] } {
  const acked: string[] = [];
  let stopping = false;
  const done = (async () => {
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 10_000 });
    try {
      for (let i = 0; !stopping; i++) {
        const id = `${prefix}-${i}`;
        if (msaOf(await client.send(big(id)))[1] === 'AA') acked.push(id);
      }
    } finally {
      await client.close().catch(() => undefined);
    }
    return acked;
  })();
  return {
    acked,
    stop: async () => {
      stopping = true;
      return done;
    },
  };
}

describe('retention and backup under continuous MLLP ingest', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const temp = async (): Promise<TempEngine> => {
    const engine = await startTempEngine({ http: undefined, converterModule: FAKE_CONVERTER });
    cleanup.push(() => engine.dispose());
    return engine;
  };

  it('keeps the database under the store-wide limit while messages keep arriving, and never deletes an unresolved failure', async () => {
    const engine = await temp();
    // ACK after processing: the feed never outruns processing, and messages waiting for it are never deleted.
    const { connector, port } = await activeMllpConnector(engine, { ackMode: 'after-processing' });
    // An unparseable frame: stored failed with an open interface error, the oldest message in the store.
    const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 5000 });
    expect(msaOf(await client.send('MSH|^~\\&|LAB|FAC|||20260101||ADT^A01|BROKEN-1|P|2.5\rPID|1|||x|\u0000'))[1]).toMatch(/A[RE]/);
    await client.close();

    const overview = await call<StoreOverview>(engine, 'store.overview', {});
    expect(overview.autoVacuum).toBe('incremental');
    const limit = overview.databaseBytes + 4 * MB;
    await call<StoreSettings>(engine, 'store.updateSettings', { version: overview.settings.version, maxStoreBytes: limit });
    // The store-wide rule brings the engine's default retention job with it.
    const jobs = await call<{ data: IntegrationJob[] }>(engine, 'integrationJobs.list', { kind: 'retention' });
    expect(jobs.data.map((j) => [j.name, j.schedule])).toEqual([['Store retention', '*/15 * * * *']]);

    const feeder = feed(port, 'SIZE');
    cleanup.push(async () => void (await feeder.stop()));
    const runs: IntegrationRun[] = [];
    const sizeOf = () => {
      const s = engine.store.sqlite;
      return (s.pragma('page_count', { simple: true }) as number) * (s.pragma('page_size', { simple: true }) as number);
    };
    // Ingest until far more than the limit has arrived, running retention as the schedule would.
    while (feeder.acked.length * 8_000 < 2.5 * 4 * MB) {
      await new Promise((done) => setTimeout(done, 500));
      const run = await runToEnd(engine, jobs.data[0]!.id);
      expect(run.status).toBe('succeeded');
      runs.push(run);
    }
    const acked = await feeder.stop();
    // Messages still waiting for processing are never deleted: the last run comes once they are processed.
    const waiting = engine.store.sqlite.prepare(`select count(*) from hl7_messages where status in ('pending', 'processing')`).pluck();
    for (const end = Date.now() + 30_000; Date.now() < end && (waiting.get() as number) > 0; ) await new Promise((done) => setTimeout(done, 100));
    const last = await runToEnd(engine, jobs.data[0]!.id);
    expect(last.status).toBe('succeeded');
    // Under the limit but for the few pages the run's own log and counts take after its pruning.
    expect(sizeOf()).toBeLessThanOrEqual(limit + 256 * 1024);
    // Pruning never overshoots by much: the last run leaves the store close under the limit.
    expect(sizeOf()).toBeGreaterThan(limit - 2 * MB);
    // While ingest went on, every run that found the store over the limit brought it under (its log says so).
    const said = await Promise.all(runs.map((r) => call<{ data: { level: string; message: string }[] }>(engine, 'integrationRuns.logs', { id: r.id })));
    const sizeLines = said.flatMap((l) => l.data.filter((line) => line.message.startsWith('Store size:')));
    expect(sizeLines.length).toBeGreaterThan(0);
    expect(sizeLines.filter((line) => line.level !== 'info').map((line) => line.message)).toEqual([]);
    expect(runs.reduce((n, r) => n + r.counts.written, 0)).toBeGreaterThan(0);

    const sqlite = engine.store.sqlite;
    expect(sqlite.prepare(`select count(*) from hl7_messages where message_control_id like 'SIZE-%'`).pluck().get()).toBeLessThan(acked.length);
    // The unresolved failure is kept, and its interface error still points at it.
    expect(sqlite.prepare(`select m.status, e.status as errorStatus from hl7_messages m join interface_errors e on e.message_id = m.id where m.message_control_id = 'BROKEN-1'`).all()).toEqual([{ status: 'failed', errorStatus: 'open' }]);
    // Nothing hangs off a deleted message.
    expect(sqlite.prepare(`select count(*) from hl7_processing_attempts a where not exists (select 1 from hl7_messages m where m.id = a.message_id)`).pluck().get()).toBe(0);
    expect(sqlite.prepare(`select count(*) from hl7_messages_fts where rowid not in (select rowid from hl7_messages)`).pluck().get()).toBe(0);
    expect(connector.id).toMatch(/^CONN_/);
  }, 120_000);

  it('restores a backup taken during ingest into a fresh data dir with every message ACKed before it started, processed, and a store that passes integrity_check', async () => {
    const engine = await temp();
    const { port } = await activeMllpConnector(engine);
    const folder = mkdtempSync(join(tmpdir(), 'interop-backups-'));
    cleanup.push(async () => rmSync(folder, { recursive: true, force: true }));
    const job = await call<IntegrationJob>(engine, 'integrationJobs.create', { name: 'Nightly backup', kind: 'store-backup', schedule: null, config: { folder, keep: 2 } });

    const feeder = feed(port, 'BACKUP');
    cleanup.push(async () => void (await feeder.stop()));
    while (feeder.acked.length < 200) await new Promise((done) => setTimeout(done, 50));
    const ackedBefore = [...feeder.acked];
    const run = await runToEnd(engine, job.id);
    expect(run).toMatchObject({ status: 'succeeded', error: null });
    for (let i = 0; i < 2; i++) expect((await runToEnd(engine, job.id)).status).toBe('succeeded');
    await feeder.stop();

    const listed = await call<StoreOverview>(engine, 'store.overview', {});
    expect(listed.backups.files).toHaveLength(2); // keep: 2
    const oldest = readdirSync(folder).sort()[0]!;
    expect(listed.backups.files.at(-1)!.name).toBe(oldest);

    // Restore: the backup's files copied into an empty data dir (README, "Backup and restore").
    const restored = mkdtempSync(join(tmpdir(), 'interop-restored-'));
    cleanup.push(async () => rmSync(restored, { recursive: true, force: true }));
    const first = readdirSync(folder).sort()[0]!;
    mkdirSync(restored, { recursive: true });
    for (const file of [DATABASE_FILE, INTAKE_JOURNAL_FILE]) {
      expect(integrityOk(join(folder, first, file))).toBe(true);
      copyFileSync(join(folder, first, file), join(restored, file));
    }
    const second = await bootstrap({ dataDir: restored, converterModule: FAKE_CONVERTER });
    cleanup.push(() => second.stop());
    const sqlite = second.store.sqlite;
    const read = sqlite.prepare(`select message_control_id as id, status from hl7_messages where message_control_id like 'BACKUP-%'`);
    const end = Date.now() + 30_000;
    let rows = read.all() as { id: string; status: string }[];
    while (Date.now() < end && (rows.length < ackedBefore.length || rows.some((r) => r.status !== 'processed'))) {
      await new Promise((done) => setTimeout(done, 100));
      rows = read.all() as { id: string; status: string }[];
    }
    const ids = new Set(rows.map((r) => r.id));
    expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);
    expect(rows.filter((r) => r.status !== 'processed')).toEqual([]);
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 120_000);
});
