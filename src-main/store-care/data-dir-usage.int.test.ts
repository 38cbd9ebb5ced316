import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreOverview } from '../../src-shared';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { resumeFreeBytes } from './disk-guard-rule';

let engine: TempEngine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
});

async function overview(e: TempEngine): Promise<StoreOverview> {
  const result = await e.dispatcher.dispatch('store.overview', {}, { tenantId: e.tenantId, actor: 'test' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value as StoreOverview;
}

const sizeOf = (dir: string, names: string[]): number => names.reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

describe('store.overview: what the data directory holds', () => {
  it('lists the database with its log, the journal, export files, keys and anything else by their size on disk, with the backups counted apart', async () => {
    engine = await startTempEngine();
    const dir = engine.dataDir;
    mkdirSync(join(dir, 'exports', 'EXP_1'), { recursive: true });
    writeFileSync(join(dir, 'exports', 'EXP_1', 'Patient.ndjson'), 'x'.repeat(3_000));
    writeFileSync(join(dir, 'notes.txt'), 'y'.repeat(700));
    const backups = join(dir, 'backups');
    const job = await engine.dispatcher.dispatch('integrationJobs.create', { name: 'Store backup', kind: 'store-backup', schedule: '0 2 * * *', timeZone: 'UTC', config: { folder: backups, keep: 3 } }, { tenantId: engine.tenantId, actor: 'test' });
    expect(job.ok).toBe(true);
    mkdirSync(join(backups, 'interop-backup-20261207T020000000Z'), { recursive: true });
    writeFileSync(join(backups, 'interop-backup-20261207T020000000Z', 'interop.db'), 'z'.repeat(4_096));

    const { usage } = await overview(engine);
    const part = (name: string) => usage.parts.find((p) => p.part === name);
    const files = readdirSync(dir);
    expect(part('database')?.bytes).toBe(sizeOf(dir, files.filter((f) => f.startsWith('interop.db'))));
    expect(part('journal')?.bytes).toBe(sizeOf(dir, files.filter((f) => f.startsWith('intake.db'))));
    expect(part('bulkExports')).toEqual({ part: 'bulkExports', bytes: 3_000, files: 1 });
    expect(part('keys')?.files).toBe(1);
    expect(part('other')?.bytes).toBe(700 + statSync(join(dir, 'engine.lock')).size);
    expect(usage.backupsBytes).toBe(4_096);
    expect(usage.volume.totalBytes).toBeGreaterThan(usage.volume.freeBytes ?? Infinity);
  });

  it('states the free-disk guard marks for the store-wide floor', async () => {
    engine = await startTempEngine();
    const { usage, settings } = await overview(engine);
    expect(usage.diskGuard).toEqual({ refuseBelowBytes: settings.minFreeDiskBytes, resumeAboveBytes: resumeFreeBytes(settings.minFreeDiskBytes), warnBelowBytes: 2 * settings.minFreeDiskBytes });
  });
});
