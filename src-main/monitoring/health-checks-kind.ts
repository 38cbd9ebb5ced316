import { z } from 'zod';
import { monitoringSettingsOf } from '../../src-shared/monitoring-settings';
import type { Logger } from '../core/logger';
import type { JobKind } from '../jobs/runner';
import type { IntegrationRunKind } from '../jobs/run-kind';
import type { TurnResult } from '../jobs/turn-schedule';
import type { ConnectorRow } from '../store/connectors-repo';
import type { AlertService } from './alert-service';
import type { HealthCheckService } from './health-check-service';

export const HEALTH_CHECKS_KIND = 'health-checks';
/** Health check snapshots are kept this long. */
export const KEEP_SNAPSHOTS_MS = 7 * 86_400_000;
/** How often old snapshots are pruned. */
const PRUNE_EVERY_MS = 3_600_000;

export interface HealthChecksKindDeps {
  service: Pick<HealthCheckService, 'check' | 'evaluateSyncJobs' | 'prune' | 'lastCheckedAt'>;
  alerts: Pick<AlertService, 'resolveForInactiveConnectors'>;
  activeConnectors: () => ConnectorRow[];
  logger: Logger;
  intervalMs?: number | undefined;
}

/**
 * The runner kind that checks each active connector when its `settings.monitoring.healthCheckIntervalSeconds`
 * is due — its interval after its newest snapshot (or its activation: a connector just activated has
 * nothing to show yet), so a `connectors.test` counts as a check and a restarted engine goes on where it
 * was. It judges sync jobs' newest runs at its first turn and after `runsChanged()` (the engine calls it, and
 * wakes the kind, when integration runs change), resolves the open alerts of connectors no longer active,
 * and prunes old snapshots hourly.
 */
export function healthChecksKind(deps: HealthChecksKindDeps): JobKind & { runsChanged(): void } {
  let runsChanged = true;
  let pruneDueAt = 0;
  return {
    runsChanged() {
      runsChanged = true;
    },
    kind: HEALTH_CHECKS_KIND,
    intervalMs: deps.intervalMs ?? 1_000,
    async tick(now, signal): Promise<TurnResult> {
      const due = deps.activeConnectors().filter((c) => (deps.service.lastCheckedAt(c.id) ?? c.activatedAt ?? 0) + monitoringSettingsOf(c.settings).healthCheckIntervalSeconds * 1000 <= now);
      // Side by side: one partner that times out does not hold the others' checks.
      await Promise.all(
        due.map((c) =>
          signal.aborted
            ? undefined
            : deps.service.check(c).catch((error: unknown) => deps.logger.log('warn', 'health check failed', { connector: c.id, error: error instanceof Error ? error.name : 'unknown' })),
        ),
      );
      deps.alerts.resolveForInactiveConnectors();
      if (runsChanged) {
        runsChanged = false;
        deps.service.evaluateSyncJobs();
      }
      if (now >= pruneDueAt) {
        pruneDueAt = now + PRUNE_EVERY_MS;
        deps.service.prune(KEEP_SNAPSHOTS_MS);
      }
      return 'idle';
    },
  };
}

export const HealthCheckSweepConfig = z.object({
  /** Snapshots older than this many days are deleted by the sweep. */
  keepDays: z.number().int().min(1).max(365).default(7),
});

/**
 * `health-check-sweep`: an integration job kind that checks every active connector of the job's tenant once
 * (counted: read = checked, written = healthy, failed = unhealthy, skipped = degraded or unknown; one log line
 * each, ids and codes only) and prunes snapshots older than `keepDays`.
 */
export function healthCheckSweepRunKind(deps: { service: Pick<HealthCheckService, 'check' | 'prune'>; activeConnectors: () => ConnectorRow[] }): IntegrationRunKind<z.infer<typeof HealthCheckSweepConfig>> {
  return {
    kind: 'health-check-sweep',
    config: HealthCheckSweepConfig,
    async run(ctx) {
      const connectors = deps.activeConnectors().filter((c) => c.tenantId === ctx.tenantId);
      let done = 0;
      for (const c of connectors) {
        if (ctx.signal.aborted) return;
        const check = await deps.service.check(c);
        ctx.count({ read: 1, ...(check.status === 'healthy' ? { written: 1 } : check.status === 'unhealthy' ? { failed: 1 } : { skipped: 1 }) });
        ctx.log(check.status === 'unhealthy' ? 'warn' : 'info', `connector ${c.id}: ${check.status}${check.reasonCode ? ` (${check.reasonCode})` : ''}`);
        ctx.progress(++done, connectors.length);
      }
      const pruned = deps.service.prune(ctx.config.keepDays * 86_400_000);
      ctx.log('info', `${pruned} health check snapshots older than ${ctx.config.keepDays} days deleted`);
    },
  };
}
