import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { openSync, closeSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connector, IntegrationJob, IntegrationRun, StoreOverview, StoreRestore } from '../../src-shared';
import { bootstrap, DATABASE_FILE, type Engine } from '../bootstrap';
import { systemClock } from '../core/clock';
import { createKeyFileCipher } from '../secrets/key-file-cipher';
import { INTAKE_JOURNAL_FILE } from '../store/intake-journal';
import { defaultMigrationsDir } from '../store/migrations-dir';
import { stageRestore } from './store-restore';
import { MllpClient } from '../mllp/client';
import { activeMllpConnector, msaOf } from '../../test/support/mllp-connector';
import { corpusMessage, HL7_CORPUS } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';

const adt = corpusMessage(readdirSync(HL7_CORPUS).find((f) => f.startsWith('msfc_ADT-A01')) as string);
const withControlId = (id: string) => adt.replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);

let engine: TempEngine | undefined;
const folders: string[] = [];
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string } };
const dispatch = async <T>(e: Engine, op: string, input: Record<string, unknown>): Promise<Answer<T>> => (await e.dispatcher.dispatch(op as never, input, { tenantId: e.tenantId, actor: 'test' })) as Answer<T>;
async function call<T>(e: Engine, op: string, input: Record<string, unknown>): Promise<T> {
  const result = await dispatch<T>(e, op, input);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

async function send(port: number, ids: string[]): Promise<void> {
  const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 10_000 });
  try {
    for (const id of ids) expect(msaOf(await client.send(withControlId(id)))[1]).toBe('AA');
  } finally {
    await client.close();
  }
}

/** The control ids of the stored messages, once `count` of them are filed. */
async function storedIds(e: Engine, count: number): Promise<string[]> {
  const end = Date.now() + 30_000;
  for (;;) {
    const page = await call<{ data: { messageControlId: string | null }[] }>(e, 'hl7Messages.list', { page: 1, pageSize: 100 });
    if (page.data.length >= count || Date.now() > end) return page.data.map((m) => m.messageControlId ?? '').sort();
    await new Promise((done) => setTimeout(done, 50));
  }
}

const connectorNames = async (e: Engine): Promise<string[]> => (await call<{ data: Connector[] }>(e, 'connectors.list', { page: 1, pageSize: 100 })).data.map((c) => c.name).sort();

/** A backup job on a fresh folder, run once to the end; resolves with the backup's name. */
async function backUp(e: Engine, folder?: string): Promise<{ folder: string; name: string; jobId: string }> {
  const target = folder ?? mkdtempSync(join(tmpdir(), 'interop-backups-'));
  folders.push(target);
  const overview = await call<StoreOverview>(e, 'store.overview', {});
  const jobId = overview.backups.jobId ?? (await call<IntegrationJob>(e, 'integrationJobs.create', { name: 'Store backup', kind: 'store-backup', schedule: '0 2 * * *', timeZone: 'UTC', config: { folder: target, keep: 10 } })).id;
  const queued = await call<IntegrationRun>(e, 'integrationJobs.run', { id: jobId });
  const end = Date.now() + 60_000;
  for (;;) {
    const run = await call<IntegrationRun>(e, 'integrationRuns.get', { id: queued.id });
    if (run.status === 'succeeded') break;
    if (['failed', 'interrupted'].includes(run.status) || Date.now() > end) throw new Error(`backup ${run.status}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  const files = (await call<StoreOverview>(e, 'store.overview', {})).backups.files;
  return { folder: target, name: files[0]!.name, jobId };
}

/**
 * An engine with one message stored before a backup (`kept`) and one after (`later`), stopped with that
 * backup staged for its next start; `tamper` may change the staged copy. Resolves with the MLLP port, the backup
 * and the next engine's start, on the same data directory and HTTP port.
 */
async function stagedAfterStop(kept: string, later: string, tamper: (dataDir: string) => void = () => undefined) {
  engine = await startTempEngine();
  const { port } = await activeMllpConnector(engine);
  await send(port, [kept]);
  await storedIds(engine, 1);
  const backup = await backUp(engine);
  await send(port, [later]);
  await storedIds(engine, 2);
  const { dataDir, url } = engine;
  await engine.stop();
  await stageRestore(
    { dataDir, files: { journal: INTAKE_JOURNAL_FILE, database: DATABASE_FILE }, cipher: createKeyFileCipher(dataDir), migrationsDir: defaultMigrationsDir(), clock: systemClock },
    backup.folder,
    backup.name,
    { kind: 'system', id: 'test' },
  );
  tamper(dataDir);
  const next = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: Number(new URL(url!).port) } });
  engine = { ...next, dataDir, dispose: async () => { await next.stop(); rmSync(dataDir, { recursive: true, force: true }); } } as TempEngine;
  return { port, backup, dataDir };
}

describe('store.restore', () => {
  it('brings back exactly the backed-up messages and connectors, listening again, and keeps the replaced store as a backup that undoes it', async () => {
    engine = await startTempEngine();
    const { port } = await activeMllpConnector(engine);
    await send(port, ['BEFORE-1', 'BEFORE-2']);
    expect(await storedIds(engine, 2)).toEqual(['BEFORE-1', 'BEFORE-2']);
    const backup = await backUp(engine);
    await send(port, ['AFTER-1']);
    await activeMllpConnector(engine);
    expect(await storedIds(engine, 3)).toHaveLength(3);
    const namesAfter = await connectorNames(engine);

    const restore = await call<StoreRestore>(engine, 'store.restore', { name: backup.name });
    expect(restore.backup).toBe(backup.name);
    await engine.settled();

    expect(await storedIds(engine, 2)).toEqual(['BEFORE-1', 'BEFORE-2']);
    expect(await connectorNames(engine)).toEqual([`MLLP ${port}`]);
    await send(port, ['RESTORED-1']);
    expect(await storedIds(engine, 3)).toEqual(['BEFORE-1', 'BEFORE-2', 'RESTORED-1']);
    const overview = await call<StoreOverview>(engine, 'store.overview', {});
    expect(overview.backups.files.find((f) => f.name === restore.beforeRestore)?.beforeRestore).toBe(true);
    expect(existsSync(join(engine.dataDir, 'restore'))).toBe(false);
    const audit = await call<{ data: { action: string; targetId: string | null }[] }>(engine, 'auditEvents.list', { pageSize: 20 });
    expect(audit.data.find((e) => e.action === 'store.restored')?.targetId).toBe(backup.name);

    await call<StoreRestore>(engine, 'store.restore', { name: restore.beforeRestore });
    await engine.settled();
    expect(await storedIds(engine, 3)).toEqual(['AFTER-1', 'BEFORE-1', 'BEFORE-2']);
    expect(await connectorNames(engine)).toEqual(namesAfter);
  }, 180_000);

  it('refuses a corrupt backup, one from a newer engine, and one whose secrets this key cannot read, changing nothing', async () => {
    engine = await startTempEngine();
    const { port } = await activeMllpConnector(engine);
    const secretSender = await call<Connector>(engine, 'connectors.create', { name: 'Basic FHIR out', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: 9, authMode: 'basic', authConfig: { username: 'interface', password: 'Restore-test-password-31' } });
    await send(port, ['KEPT-1']);
    await storedIds(engine, 1);
    const backup = await backUp(engine);
    const copy = (stamp: string): string => {
      const name = `interop-backup-${stamp}`;
      cpSync(join(backup.folder, backup.name), join(backup.folder, name), { recursive: true });
      return join(backup.folder, name);
    };
    const corrupt = copy('20200101T000000001Z');
    const fd = openSync(join(corrupt, 'interop.db'), 'r+');
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
    closeSync(fd);
    const newer = copy('20200101T000000002Z');
    const db = new Database(join(newer, 'interop.db'));
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-a-later-version', Date.now() + 10 * 365 * 86_400_000);
    db.close();
    const notAStore = copy('20200101T000000003Z');
    rmSync(join(notAStore, 'interop.db'));
    new Database(join(notAStore, 'interop.db')).exec('CREATE TABLE t (x)').close();
    writeFileSync(join(backup.folder, 'unrelated.txt'), 'x');

    const refusals: Record<string, string | undefined> = {};
    for (const [label, name] of [['corrupt', '20200101T000000001Z'], ['newer', '20200101T000000002Z'], ['notAStore', '20200101T000000003Z'], ['missing', '20200101T000000009Z'], ['outside', '../x']] as const) {
      const result = await dispatch<StoreRestore>(engine, 'store.restore', { name: name.startsWith('.') ? name : `interop-backup-${name}` });
      refusals[label] = result.ok ? 'restored' : result.error.code;
    }
    await call(engine, 'secrets.rotateKey', {});
    const unreadable = await dispatch<StoreRestore>(engine, 'store.restore', { name: backup.name });
    refusals['keyRotated'] = unreadable.ok ? 'restored' : unreadable.error.code;

    expect(refusals).toEqual({
      corrupt: 'STORE_RESTORE_CORRUPT',
      newer: 'STORE_RESTORE_NEWER_SCHEMA',
      notAStore: 'STORE_RESTORE_NOT_A_STORE',
      missing: 'STORE_BACKUP_NOT_FOUND',
      outside: 'STORE_BACKUP_NOT_FOUND',
      keyRotated: 'STORE_RESTORE_SECRETS_UNREADABLE',
    });
    await engine.settled();
    expect(await storedIds(engine, 1)).toEqual(['KEPT-1']);
    expect((await call<Connector>(engine, 'connectors.get', { id: secretSender.id })).name).toBe('Basic FHIR out');
    expect(existsSync(join(engine.dataDir, 'restore'))).toBe(false);
    expect((await call<StoreOverview>(engine, 'store.overview', {})).backups.files.filter((f) => f.beforeRestore)).toEqual([]);
    await send(port, ['STILL-LISTENING']);
  }, 180_000);

  it('applies a restore staged by an engine that stopped before restarting when the next engine starts on that data directory', async () => {
    const { backup, dataDir } = await stagedAfterStop('STAGED-1', 'LOST-1');
    expect(await storedIds(engine!, 1)).toEqual(['STAGED-1']);
    expect(existsSync(join(dataDir, 'restore'))).toBe(false);
    expect(readdirSync(backup.folder).filter((name) => name.endsWith('-before-restore'))).toHaveLength(1);
  }, 180_000);

  it('puts back the store it replaced when the restored one does not start, starts on it, and records the restore as failed', async () => {
    const { port, dataDir } = await stagedAfterStop('KEPT-1', 'KEPT-2', (dir) => {
      // The staged copy passed every check; forgetting its last migration makes that migration run again at start and fail (its tables exist).
      const staged = new Database(join(dir, 'restore', 'staged', DATABASE_FILE));
      staged.prepare('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT MAX(created_at) FROM __drizzle_migrations)').run();
      staged.close();
    });
    expect(await storedIds(engine!, 2)).toEqual(['KEPT-1', 'KEPT-2']);
    expect(existsSync(join(dataDir, 'restore'))).toBe(false);
    const audit = await call<{ data: { action: string; outcome: string; details: Record<string, unknown> | null }[] }>(engine!, 'auditEvents.list', { action: 'store.restored' });
    expect(audit.data.map((e) => [e.outcome, e.details?.rolledBack, typeof e.details?.reason])).toEqual([['failed', true, 'string']]);
    await send(port, ['KEPT-3']);
    expect(await storedIds(engine!, 3)).toEqual(['KEPT-1', 'KEPT-2', 'KEPT-3']);
  }, 180_000);
});
