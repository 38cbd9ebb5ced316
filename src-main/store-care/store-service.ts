import { dirname } from 'node:path';
import { statSync } from 'node:fs';
import { RetentionRule, type ParsedInputOf, type StoreOverview, type StoreRestore, type StoreSettings, type storeOps } from '../../src-shared';
import { actorOf } from '../audit/audit-log';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import { versionConflict, type RequestContext } from '../core/request-context';
import type { IntegrationJobsRepo } from '../store/integration-jobs-repo';
import type { IntegrationRunRow, IntegrationRunsRepo } from '../store/integration-runs-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { RetentionRepo } from '../store/retention-repo';
import type { StoreSettingsRepo, StoreSettingsRow } from '../store/store-settings-repo';
import type { Transact } from '../store/transact';
import { dataDirUsage } from './data-dir-usage';
import type { DiskGuard } from './disk-guard';
import { resumeFreeBytes } from './disk-guard-rule';
import { RETENTION_KIND } from './retention-run-kind';
import { stageRestore, type StoreRestoreDeps } from './store-restore';
import { listBackups, STORE_BACKUP_KIND, StoreBackupRunConfig } from './store-backup-run-kind';

export interface StoreServiceDeps {
  settings: StoreSettingsRepo;
  retention: RetentionRepo;
  jobs: IntegrationJobsRepo;
  runs: IntegrationRunsRepo;
  freeBytes: () => number | null;
  diskGuard: Pick<DiskGuard, 'refusal' | 'check'>;
  /** interop.db and intake.db. */
  files: { database: string; journal: string };
  journal: JournalRepo;
  transact: Transact;
  clock: Clock;
  changes: ChangeFeed;
  restore: StoreRestoreDeps & {
    /** Pauses the engine, applies the staged restore and resumes it (bootstrap.ts); called once the answer is sent. */
    requestRestart: () => void;
  };
}

type UpdateInput = ParsedInputOf<typeof storeOps.updateSettings>;

const fileBytes = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

const settingsDto = (row: StoreSettingsRow): StoreSettings => ({ maxStoreBytes: row.maxStoreBytes, minFreeDiskBytes: row.minFreeDiskBytes, version: row.version, updatedAt: isoTime(row.updatedAt) });

function runSummary(r: IntegrationRunRow | undefined): StoreOverview['retention']['lastRun'] {
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    startedAt: r.startedAt === null ? null : isoTime(r.startedAt),
    finishedAt: r.finishedAt === null ? null : isoTime(r.finishedAt),
    counts: { read: r.recordsRead, written: r.recordsWritten, skipped: r.recordsSkipped, failed: r.recordsFailed },
    error: r.errorCode === null ? null : { code: r.errorCode, message: r.error ?? '' },
  };
}

/** The store's size, disk and rules for the Settings page and `GET /api/v1/store`, and the store-wide settings. */
export function createStoreService(deps: StoreServiceDeps) {
  const jobOf = (ctx: RequestContext, kind: string) => deps.jobs.list(ctx.tenantId, { kind }, { page: 1, pageSize: 1 }).rows[0];
  let staging = false;
  return {
    async overview(ctx: RequestContext): Promise<StoreOverview> {
      const size = deps.retention.size();
      const retentionJob = jobOf(ctx, RETENTION_KIND);
      const backupJob = jobOf(ctx, STORE_BACKUP_KIND);
      const latest = deps.runs.latestOf([retentionJob?.id, backupJob?.id].filter((id): id is string => id !== undefined));
      const backupConfig = backupJob ? StoreBackupRunConfig.safeParse(backupJob.config).data : undefined;
      const settings = deps.settings.get();
      const backupFiles = backupConfig ? await listBackups(backupConfig.folder) : [];
      const dirUsage = await dataDirUsage(dirname(deps.files.database), backupConfig?.folder ?? null);
      const freeDiskBytes = deps.freeBytes();
      const floor = settings.minFreeDiskBytes;
      return {
        dataDirectory: dirname(deps.files.database),
        databaseBytes: size.pageCount * size.pageSize,
        freePagesBytes: size.freePages * size.pageSize,
        walBytes: fileBytes(`${deps.files.database}-wal`),
        journalBytes: fileBytes(deps.files.journal) + fileBytes(`${deps.files.journal}-wal`),
        freeDiskBytes,
        autoVacuum: size.autoVacuum,
        intakeRefusingForDisk: deps.diskGuard.refusal() !== undefined,
        usage: {
          parts: dirUsage.parts,
          backupsBytes: backupFiles.reduce((sum, b) => sum + b.bytes, 0),
          volume: { totalBytes: dirUsage.totalBytes, freeBytes: freeDiskBytes },
          diskGuard: floor > 0 ? { refuseBelowBytes: floor, resumeAboveBytes: resumeFreeBytes(floor), warnBelowBytes: 2 * floor } : { refuseBelowBytes: 0, resumeAboveBytes: 0, warnBelowBytes: 0 },
        },
        settings: settingsDto(settings),
        retention: {
          jobId: retentionJob?.id ?? null,
          rules: deps.retention
            .connectorRules()
            .filter((r) => r.tenantId === ctx.tenantId)
            .flatMap((r) => {
              const rule = RetentionRule.safeParse(r.rule);
              return rule.success ? [{ connectorId: r.connectorId, name: r.name, rule: rule.data }] : [];
            }),
          lastRun: runSummary(retentionJob && latest.get(retentionJob.id)),
        },
        backups: {
          jobId: backupJob?.id ?? null,
          folder: backupConfig?.folder ?? null,
          keep: backupConfig?.keep ?? null,
          files: backupFiles,
          lastRun: runSummary(backupJob && latest.get(backupJob.id)),
        },
      };
    },
    async restore(ctx: RequestContext, name: string): Promise<StoreRestore> {
      const backupJob = jobOf(ctx, STORE_BACKUP_KIND);
      const folder = backupJob ? StoreBackupRunConfig.safeParse(backupJob.config).data?.folder : undefined;
      if (folder === undefined) throw new AppError('not_found', 'STORE_BACKUP_NOT_CONFIGURED', 'No backup job is set up, so there is no backup folder to restore from', {});
      if (staging) throw new AppError('conflict', 'STORE_RESTORE_IN_PROGRESS', 'A restore is already being checked', {});
      staging = true;
      const marker = await stageRestore(deps.restore, folder, name, actorOf(ctx)).finally(() => (staging = false));
      deps.restore.requestRestart();
      return { backup: marker.backup, beforeRestore: marker.beforeRestore, requestedAt: isoTime(marker.requestedAt) };
    },
    updateSettings(ctx: RequestContext, input: UpdateInput): StoreSettings {
      const row = deps.transact(() => {
        const updated = deps.settings.update(input.version, { maxStoreBytes: input.maxStoreBytes, minFreeDiskBytes: input.minFreeDiskBytes }, deps.clock.now());
        if (!updated) throw versionConflict('store settings', 'store', input.version, deps.settings.get().version);
        deps.journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'store_settings.update', entityType: 'store_settings', entityId: 'store' }, deps.clock.now());
        return updated;
      });
      // A new floor applies to the next frame, not a second later.
      deps.diskGuard.check();
      deps.changes.publish({ topic: 'store' });
      return settingsDto(row);
    },
  };
}
export type StoreService = ReturnType<typeof createStoreService>;
