import { isFhirRestSender, isListener, isMllpSender, type HealthCheck } from '../../src-shared/connectors';
import { monitoringSettingsOf } from '../../src-shared/monitoring-settings';
import type { Clock } from '../core/clock';
import type { IdGenerator } from '../core/ids';
import type { Logger } from '../core/logger';
import { toHealthCheckDto } from '../connectors/connector-dto';
import type { FhirRestSender } from '../outbound/fhir-rest-sender';
import type { Destination } from '../outbound/sender';
import type { ConnectorRow } from '../store/connectors-repo';
import type { HealthChecksRepo } from '../store/health-checks-repo';
import type { MonitoringFactsRepo } from '../store/monitoring-facts-repo';
import { checkObservations, ERROR_RATE_WINDOW_MS, errorRateObservation, syncObservation } from './alert-rules';
import type { AlertService } from './alert-service';
import { cadenceState } from './cadence';
import { judgeCheck, type CheckFindings } from './check-verdict';
import { connectProbe, credentialExpiry, fhirMetadataProbe, mllpRoundTrip } from './connector-probes';

/** Availability is the share of passed checks over this window. */
export const AVAILABILITY_WINDOW_MS = 24 * 3_600_000;
/** Integration job kinds whose failed runs raise sync_failed. */
export const SYNC_KINDS: readonly string[] = ['fhir-pull-sync', 'fhir-push-sync'];

export interface HealthCheckServiceDeps {
  checks: HealthChecksRepo;
  facts: MonitoringFactsRepo;
  alerts: Pick<AlertService, 'observe'>;
  /** The connector as the outbound senders see it, with its decrypted auth config. */
  destinationOf: (row: ConnectorRow) => Destination;
  listener: { stateOf(id: string): { state: 'listening' | 'failed'; error: string | null } | undefined; connectionsOf(id: string): number | undefined };
  fhirSender: Pick<FhirRestSender, 'read'>;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
}

/**
 * One health check of a connector: probe what its kind allows, judge it (check-verdict.ts), record the
 * snapshot, and hand the conditions it speaks to — and the connector's error rate — to the alerts.
 */
export function createHealthCheckService(deps: HealthCheckServiceDeps) {
  async function findingsOf(row: ConnectorRow, now: number): Promise<CheckFindings> {
    const settings = monitoringSettingsOf(row.settings);
    const findings: CheckFindings = {};
    const destination = deps.destinationOf(row);
    const credential = credentialExpiry(destination);
    if (credential !== undefined) findings.credentialExpiresAt = credential;
    if (row.direction !== 'outbound' && settings.expectedCadence) {
      const last = deps.facts.lastMessageAt(row.tenantId, row.id) ?? row.activatedAt ?? now;
      findings.cadence = cadenceState(settings.expectedCadence, now, last);
    }
    if (isListener(row)) {
      const state = deps.listener.stateOf(row.id);
      if (state?.state !== 'listening') findings.connectFailure = { code: 'MONITOR_LISTENER_DOWN', message: `the listener does not listen: ${state?.error ?? 'not started'}` };
      else findings.openConnections = deps.listener.connectionsOf(row.id) ?? 0;
      return findings;
    }
    if (!row.host || !row.port) {
      if (!findings.cadence) findings.nothingToCheck = true;
      return findings;
    }
    const useTls = row.tlsEnabled && row.protocol !== 'sftp';
    Object.assign(findings, await connectProbe(destination, useTls));
    if (findings.connectFailure) return findings;
    if (isMllpSender(row) && settings.mllpRoundTrip) Object.assign(findings, await mllpRoundTrip(destination, now));
    if (isFhirRestSender(row)) {
      const metadata = await fhirMetadataProbe(deps.fhirSender, destination);
      Object.assign(findings, metadata, { latencyMs: Math.max(findings.latencyMs ?? 0, metadata.latencyMs ?? 0) });
    }
    return findings;
  }

  return {
    /** Checks a connector now and records the snapshot; an active connector's alerts are evaluated with it (one not active is only being tried). */
    async check(row: ConnectorRow): Promise<HealthCheck> {
      const settings = monitoringSettingsOf(row.settings);
      const thresholds = settings.alertThresholds;
      const findings = await findingsOf(row, deps.clock.now());
      const now = deps.clock.now();
      const previous = deps.checks.latest(row.id);
      const history = deps.checks.availability(row.id, now - AVAILABILITY_WINDOW_MS);
      const passedNow = findings.connectFailure === undefined ? 1 : 0;
      const availability = history.checks === 0 ? null : { checks: history.checks + 1, ratio: (history.passed + passedNow) / (history.checks + 1) };
      const verdict = judgeCheck(findings, thresholds, now, previous?.consecutiveFailures ?? 0, availability);
      const listening = findings.openConnections !== undefined ? `listening, ${findings.openConnections} connection${findings.openConnections === 1 ? '' : 's'} open` : null;
      const snapshot = deps.checks.insert({
        id: deps.ids('HC'),
        tenantId: row.tenantId,
        connectorId: row.id,
        externalSystemId: row.externalSystemId,
        checkedAt: now,
        status: verdict.status,
        latencyMs: findings.latencyMs ?? null,
        availability: availability?.ratio ?? null,
        consecutiveFailures: verdict.consecutiveFailures,
        lastSuccessAt: verdict.succeeded ? now : previous?.lastSuccessAt ?? null,
        lastFailureAt: verdict.succeeded ? previous?.lastFailureAt ?? null : now,
        reasonCode: verdict.reasonCode,
        detail: verdict.detail ?? listening,
      });
      const counts = row.status !== 'active' ? { total: 0, failed: 0 } : row.direction === 'outbound' ? deps.facts.outboundCounts(row.tenantId, row.id, now - ERROR_RATE_WINDOW_MS) : deps.facts.inboundCounts(row.tenantId, row.id, now - ERROR_RATE_WINDOW_MS);
      if (row.status === 'active') deps.alerts.observe(row.tenantId, [...checkObservations(row.id, findings, verdict, thresholds, now), errorRateObservation(row.id, counts, thresholds)]);
      deps.logger.log('debug', 'health check', { connector: row.id, status: verdict.status, reason: verdict.reasonCode ?? undefined });
      return toHealthCheckDto(snapshot);
    },

    /** Judges every sync job's newest finished run (sync_failed). */
    evaluateSyncJobs(): void {
      const byTenant = new Map<string, ReturnType<typeof syncObservation>[]>();
      for (const run of deps.facts.syncJobRuns(SYNC_KINDS)) {
        const list = byTenant.get(run.tenantId) ?? [];
        list.push(syncObservation({ id: run.jobId, name: run.name, connectorId: run.connectorId }, run));
        byTenant.set(run.tenantId, list);
      }
      for (const [tenantId, observations] of byTenant) deps.alerts.observe(tenantId, observations);
    },

    /** When the connector was last checked (scheduled or tested), or undefined. */
    lastCheckedAt(connectorId: string): number | undefined {
      return deps.checks.latest(connectorId)?.checkedAt;
    },

    /** Deletes snapshots older than `keepMs`. */
    prune(keepMs: number): number {
      return deps.checks.prune(deps.clock.now() - keepMs);
    },
  };
}
export type HealthCheckService = ReturnType<typeof createHealthCheckService>;
