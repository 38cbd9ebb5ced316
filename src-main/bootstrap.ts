import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDispatcher, type Dispatcher } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { createHttpServer } from './api/http';
import { composeAccess, type AccessConfig } from './access/compose-access';
import { createApiClientService } from './access/api-client-service';
import { jwtAuthenticator } from './access/jwt-authenticator';
import { createTokenIssuer, loadSigningKey } from './access/token-issuer';
import { registerTokenRoute, type TokenEvent } from './access/token-route';
import { createApiClientsRepo } from './store/api-clients-repo';
import { createCatalogService } from './connector-catalog/catalog-service';
import { canBind } from './connector-catalog/free-port';
import { CONNECTOR_TEMPLATES } from './connector-catalog/templates';
import { createConnectorService } from './connectors/connector-service';
import { registerJwksRoute } from './connectors/jwks-route';
import { createListenerRuntime, type ListenerRuntime } from './connectors/listener-runtime';
import { ChangeFeed, throttledPublisher } from './core/change-events';
import { systemClock, type Clock } from './core/clock';
import { AppError, httpStatusOf, toErrorBody } from './core/errors';
import type { Result } from '../src-shared';
import { createFetchPolicy } from './fetch/fetch-policy';
import { createIdGenerator } from './core/ids';
import { silentLogger, type Logger } from './core/logger';
import { isLoopbackHost } from './core/loopback';
import type { FetchAllowEntry } from './fetch/url-policy';
import { APP_VERSION } from './core/version';
import { EVENT_FANOUT_KIND, eventFanOutKind } from './event-subscriptions/event-fanout';
import { createEventSubscriptionService } from './event-subscriptions/subscription-service';
import { DEFAULT_WEBHOOK_RETRY } from './event-subscriptions/webhook-attempt';
import { WEBHOOK_DELIVERY_KIND, webhookDeliveryKind } from './event-subscriptions/webhook-delivery';
import { createWebhookSender } from './event-subscriptions/webhook-sender';
import { createExternalSystemService } from './external-systems/external-system-service';
import { createBulkExportApi } from './fhir/bulk/bulk-export-api';
import { createBulkExportService } from './fhir/bulk/bulk-export-service';
import { bulkFileSweepKind } from './fhir/bulk/bulk-file-sweeper';
import { createBulkImportService } from './fhir/bulk/bulk-import-service';
import { createNdjsonIntake } from './fhir/ndjson-intake';
import { preloadFhir } from './fhir/definitions/preload-fhir';
import { createRoutingRuleService } from './fhir/routing/routing-rule-service';
import { registerFhirRoutes } from './fhir/rest/http-routes';
import type { TerminologyServerConfig } from './fhir/terminology/terminology-proxy';
import { createIntegrationJobService } from './integration-jobs/integration-job-service';
import { bulkExportRunKind } from './integration-jobs/kinds/bulk-export-run-kind';
import { createRunExecutor } from './integration-jobs/run-executor';
import { createRunKindRegistry } from './integration-jobs/run-kind-registry';
import type { IntegrationRunKind } from './jobs/run-kind';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './jobs/retry-policy';
import { createRunner } from './jobs/runner';
import { createIntake } from './messages/intake';
import { createConvertService } from './convert/convert-service';
import { dataExportRunKind, dataImportRunKind } from './data-batches/run-kinds';
import { createDataBatchService } from './data-batches/data-batch-service';
import { registerBatchFileRoutes } from './data-batches/batch-file-routes';
import { composeMapping } from './compose-mapping';
import { createCoverageReport } from './mapping-profiles/coverage-report';
import { createOutboundRouteService } from './outbound/outbound-route-service';
import { createOutboundService } from './outbound/outbound-service';
import { createLaneDrainer, DEFAULT_OUTBOUND_RETRY_POLICY, OUTBOUND_KIND } from './outbound/lane-drainer';
import { createMllpSender } from './outbound/mllp-sender';
import { createFhirRestLaneSender } from './outbound/fhir-rest-lane-sender';
import { createFhirRestSender } from './outbound/fhir-rest-sender';
import { composeSync, type SyncParts } from './sync/compose-sync';
import { ruleDestination, upstreamWriteOf } from './outbound/upstream-write';
import { createUnmappedCoverageRepo } from './store/unmapped-coverage-repo';
import { createMessageService } from './messages/message-service';
import { createInterfaceErrorService } from './interface-errors/interface-error-service';
import { createProcessingThread } from './messages/processing-thread';
import { createWriteGate, gatedIntakeRepo } from './messages/processing-write-gate';
import { createDashboardService } from './monitoring/dashboard-service';
import { createHealthService } from './monitoring/health-service';
import type { Supervision } from './supervisor/supervision-env';
import { MllpClient } from './mllp/client';
import { createMetricsFlush } from './monitoring/metrics-flush';
import { Count, createMetricsRecorder } from './monitoring/metrics-recorder';
import { diskObservation } from './monitoring/alert-rules';
import { createAlertService } from './monitoring/alert-service';
import { createHealthCheckService } from './monitoring/health-check-service';
import { HEALTH_CHECKS_KIND, healthCheckSweepRunKind, healthChecksKind } from './monitoring/health-checks-kind';
import { createAlertsRepo } from './store/alerts-repo';
import { createHealthChecksRepo } from './store/health-checks-repo';
import { createMonitoringFactsRepo } from './store/monitoring-facts-repo';
import { createKeyFileCipher } from './secrets/key-file-cipher';
import { createKeyRotation } from './secrets/key-rotation';
import { signInAuditEvent, tokenAuditEvent } from './audit/access-events';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { createStoredSecretsRepo } from './store/stored-secrets-repo';
import { pollingSftpConnectors, sftpFolderPollKind } from './sftp/sftp-folder-poll';
import { createSftpDropSender } from './sftp/sftp-drop-sender';
import { sftpLaneSender } from './outbound/sftp-lane-sender';
import type { SecretCipher } from './secrets/secret-cipher';
import { createBacklogRepo } from './store/backlog-repo';
import { createDashboardRepo } from './store/dashboard-repo';
import { createMetricsRepo } from './store/metrics-repo';
import { createBulkExportRepo } from './store/bulk-export-repo';
import { createBulkImportRepo } from './store/bulk-import-repo';
import { createDataBatchesRepo } from './store/data-batches-repo';
import { lockDataDir } from './store/data-dir-lock';
import { createEventDeliveriesRepo } from './store/event-deliveries-repo';
import { createEventSubscriptionsRepo } from './store/event-subscriptions-repo';
import { createExternalSystemsRepo } from './store/external-systems-repo';
import { backfillContentHashes, createHl7IntakeRepo } from './store/hl7-intake-repo';
import { createHl7MessagesRepo } from './store/hl7-messages-repo';
import { createHl7ProcessingRepo } from './store/hl7-processing-repo';
import { createIntegrationJobsRepo } from './store/integration-jobs-repo';
import { createInterfaceErrorWriter } from './store/interface-error-writer';
import { createInterfaceErrorsRepo } from './store/interface-errors-repo';
import { createIntegrationRunsRepo } from './store/integration-runs-repo';
import { DEFAULT_TENANT_ID, openStore, type Durability, type Store } from './store/open-store';
import { DATABASE_FILE } from './store/store-file';
import { createStoreProbe, type FreeBytesSource } from './store/store-probe';
import { createStoreSettingsRepo } from './store/store-settings-repo';
import { createRetentionRepo } from './store/retention-repo';
import { createDiskGuard } from './store-care/disk-guard';
import { RETENTION_KIND, retentionRunKind } from './store-care/retention-run-kind';
import { storeBackupRunKind } from './store-care/store-backup-run-kind';
import { createStoreService } from './store-care/store-service';
import { applyStagedRestore, rollBackRestore } from './store-care/store-restore';
import { createRecentLog, type RecentLog } from './core/recent-log';
import { createDiagnosticsExport } from './diagnostics/diagnostics-export';
import { latestShippedMigrationAt } from './store/backup-inspection';
import { storeLevel } from './store/migration-level';
import { defaultMigrationsDir } from './store/migrations-dir';
import { privateDir } from './store/private-files';
import { teardown, type EngineParts } from './engine-teardown';
import { createWalSync } from './store/wal-sync';
import { INTAKE_JOURNAL_FILE, createJournalProgress, openIntakeJournal } from './store/intake-journal';
import { createFilingBarrier } from './messages/filing-barrier';
import { createFilingThread } from './messages/filing-thread';

export interface HttpConfig {
  host: string;
  port: number;
  accessToken?: string | undefined;
  rendererDir?: string | undefined;
  /** Host names (besides loopback names and the bound address) the server answers for: `--server-name`. */
  serverNames?: readonly string[] | undefined;
  /** PEM certificate (chain) and private key: the server speaks HTTPS only, and the session cookie is Secure. */
  tls?: { cert: string; key: string } | undefined;
}

export interface EngineConfig {
  dataDir: string;
  http?: HttpConfig;
  /** Secret storage; the headless AES-256-GCM key file in the data dir unless the desktop passes safeStorage. */
  cipher?: SecretCipher;
  nativeBinding?: string;
  durability?: Durability;
  logger?: Logger;
  clock?: Clock;
  retryPolicy?: RetryPolicy;
  /**
   * A module (path) whose `convert` export replaces the stored mapping profiles for processing and the
   * convert operations (tests); processing runs on its own thread, so a converter is named, not passed.
   */
  converterModule?: string;
  /** How long a processing batch (one write transaction) takes new messages; default 20 ms. */
  processingBatchBudgetMs?: number;
  /** Bind address for MLLP listeners of connectors that name no host (default 0.0.0.0). */
  mllpBindHost?: string;
  /** A FHIR terminology server for terminology operations on content that is not bundled. */
  terminologyServer?: TerminologyServerConfig | undefined;
  /** Replaces the WAL fsync (tests inject delays and faults). */
  walFlush?: () => Promise<void>;
  /** Hosts (HOST or HOST:PORT) that URLs supplied in API requests may reach although they are not public. */
  fetchAllow?: readonly FetchAllowEntry[] | undefined;
  /** The largest NDJSON $import request body, streamed to disk (default 1 GiB); larger ones get 413. */
  importBodyLimitBytes?: number | undefined;
  /** The most entries of a batch or transaction Bundle posted to /fhir/R4 (default 1,000); more get 413 too-costly. */
  fhirBundleMaxEntries?: number | undefined;
  /** Event-subscription webhooks: how long a receiver has to answer (default 10 s) and the retries (DEFAULT_WEBHOOK_RETRY: from ~1 s, capped at 5 min). */
  webhooks?: { timeoutMs?: number | undefined; retryPolicy?: RetryPolicy | undefined } | undefined;
  /** Backoff and attempts of outbound delivery (default: from 1 s, doubling, capped at 5 minutes, 10 attempts). */
  outboundRetryPolicy?: Partial<RetryPolicy> | undefined;
  /** Outbound lanes sent to at once (default 4). */
  outboundLanes?: number | undefined;
  /** Kinds of integration job beyond the engine's own (tests). */
  integrationRunKinds?: readonly IntegrationRunKind[] | undefined;
  /** How often the job scheduler looks for due jobs (default 1 s), and how late a due time counts as missed (default 60 s). */
  jobScheduler?: { intervalMs?: number | undefined; lateAfterMs?: number | undefined } | undefined;
  /** How often the health-checks kind looks for connectors due a check (default 1 s; each connector's interval is its own setting). */
  monitoring?: { intervalMs?: number | undefined } | undefined;
  /** Data import and export batches: items per chunk (default 250) and the largest upload in characters (default 8 MiB). */
  dataBatches?: { chunkSize?: number | undefined; maxFileChars?: number | undefined } | undefined;
  /** Operator sign-in: session timeouts and the sign-in event callback (audit). */
  access?: AccessConfig | undefined;
  /** Where free disk space is read from (tests: a full disk cannot be made here); statfs of the data dir by default. */
  freeDiskBytes?: FreeBytesSource | undefined;
  /** Set when a supervisor started this engine process; health reports it. */
  supervision?: Supervision | undefined;
  apiClients?: ApiClientsConfig | undefined;
}

/** API clients: token lifetime (default 600 s), the token endpoint's audit callback, limits and the usage write interval. */
export interface ApiClientsConfig {
  tokenLifetimeSeconds?: number | undefined;
  onTokenEvent?: ((event: TokenEvent) => void) | undefined;
  /** Requests a minute per address from callers without credentials (default 600). */
  anonymousPerMinute?: number | undefined;
  /** Token requests a minute per address and per client_id (defaults 60 and 30). */
  tokenAttemptsPerMinute?: { address?: number | undefined; client?: number | undefined } | undefined;
  usageFlushMs?: number | undefined;
}

export interface Engine {
  dispatcher: Dispatcher;
  changes: ChangeFeed;
  store: Store;
  tenantId: string;
  listeners: ListenerRuntime;
  /** The FHIR sync's integration run kinds (`fhir-pull-sync`, `fhir-push-sync`) and its conflict inbox. */
  sync: SyncParts;
  /** The console/API base URL when HTTP is served, with the real port. */
  url?: string;
  /**
   * Settles once the start's background work is done: the processing thread has loaded and the engine
   * thread's FHIR definitions are in (never rejects; a failed preload is logged). Nothing waits for it to
   * serve — a measurement of the engine's own memory or CPU does.
   */
  warm: Promise<void>;
  /** Writes the metrics counted so far into the current minute now, rather than when the minute ends (tests). */
  flushMetrics(): void;
  /** Appends an audit entry for an event outside the operations (sign-in, token issuance): the routes' `onEvent` callbacks. */
  recordEvent: AuditLog['recordEvent'];
  /** Settles once no restart (a restore) is under way; the engine then serves the restored store (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export { DATABASE_FILE };
/** How many of the engine's latest log lines the diagnostics export carries. */
const RECENT_LOG_LINES = 1_000;


/**
 * The composition root: one place builds the store and every service, and stops them together.
 * The data directory is locked for this engine before anything in it is opened (a second engine on
 * it fails with INTEROP_DATA_DIR_IN_USE and changes nothing); the lock goes last, in stop().
 *
 * A restore (`store.restore`) restarts the engine in this process: the running parts stop in teardown's
 * order (HTTP, listeners, intake, background work, threads, store), the staged backup replaces the store
 * (store-care/store-restore.ts), and the engine starts again on the same ports under the same lock. The
 * returned object follows the current run: `dispatcher` and `changes` are stable (calls during the pause
 * answer STORE_RESTORING), the other fields are getters.
 */
export async function bootstrap(config: EngineConfig): Promise<Engine> {
  if (config.http && !isLoopbackHost(config.http.host) && !config.http.accessToken) {
    throw new AppError('forbidden', 'INTEROP_AUTH_REQUIRED', `Refusing to listen on ${config.http.host} without an access token; set one or bind 127.0.0.1`);
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(config.dataDir);
  // One log for every run, keeping its last lines for the diagnostics export.
  const logger = createRecentLog(config.logger ?? silentLogger, RECENT_LOG_LINES);
  const changes = new ChangeFeed();
  let restarting: Promise<void> | undefined;
  let runConfig: EngineConfig & { logger: RecentLog } = { ...config, logger };
  const restart = (): Promise<void> =>
    (restarting ??= (async () => {
      // After the answer that asked for it has gone out: closing HTTP waits for requests in flight.
      await new Promise((resolve) => setTimeout(resolve, 50));
      logger.log('info', 'engine pausing to restore a backup');
      await current.stop();
      const port = current.url === undefined ? undefined : Number(new URL(current.url).port);
      if (runConfig.http && port !== undefined) runConfig = { ...runConfig, http: { ...runConfig.http, port } };
      current = await startRun(runConfig, changes, requestRestart);
      changes.publish({ topic: 'store' });
    })()
      .catch((error: unknown) => logger.log('error', 'engine did not resume after a restore', { error: error instanceof AppError ? error.code : error instanceof Error ? error.name : 'unknown' }))
      .finally(() => (restarting = undefined)));
  const requestRestart = (): void => void restart();
  let current: Engine;
  try {
    current = await startRun(runConfig, changes, requestRestart);
  } catch (error) {
    lock.release();
    throw error;
  }
  const paused = (): Result<never> => {
    const { kind, body } = toErrorBody(new AppError('unavailable', 'STORE_RESTORING', 'The engine is paused while a backup is restored; try again in a moment'));
    return { ok: false, status: httpStatusOf(kind), error: body };
  };
  let stopping: Promise<void> | undefined;
  return {
    dispatcher: { dispatch: (name, raw, ctx) => (restarting ? Promise.resolve(paused()) : current.dispatcher.dispatch(name, raw, ctx)) },
    changes,
    tenantId: DEFAULT_TENANT_ID,
    get store() {
      return current.store;
    },
    get listeners() {
      return current.listeners;
    },
    get sync() {
      return current.sync;
    },
    get url() {
      return current.url;
    },
    get warm() {
      return current.warm;
    },
    flushMetrics: () => current.flushMetrics(),
    recordEvent: (event) => current.recordEvent(event),
    settled: () => restarting ?? Promise.resolve(),
    stop() {
      stopping ??= (async () => {
        await restarting;
        try {
          await current.stop();
        } finally {
          lock.release();
        }
      })();
      return stopping;
    },
  };
}

/**
 * One run of the engine on a locked data directory: applies a staged restore first, then builds everything.
 * A restored store that does not start is rolled back: the store it replaced is put back and started, and
 * the audit log records the restore as failed with the reason.
 */
async function startRun(config: EngineConfig & { logger: RecentLog }, changes: ChangeFeed, requestRestart: () => void): Promise<Engine> {
  const { logger } = config;
  const files = { journal: INTAKE_JOURNAL_FILE, database: DATABASE_FILE };
  const restored = await applyStagedRestore({ dataDir: config.dataDir, files, nativeBinding: config.nativeBinding, logger });
  const start = async (): Promise<Engine> => {
    const parts: EngineParts = {};
    try {
      return await startEngine(config, parts, changes, requestRestart, logger);
    } catch (error) {
      // Whatever had been opened closes in the same order as stop(); the start's failure is the one reported.
      await teardown(parts).catch(() => undefined);
      throw error;
    }
  };
  if (!restored) return start();
  const target = { type: 'store_backup', id: restored.backup };
  let engine: Engine;
  try {
    engine = await start();
  } catch (error) {
    const reason = error instanceof AppError ? error.code : error instanceof Error ? error.name : 'unknown';
    logger.log('error', 'the restored store did not start; putting back the store it replaced', { backup: restored.backup, error: reason });
    await rollBackRestore({ dataDir: config.dataDir, files, logger }, restored);
    engine = await start();
    engine.recordEvent({ action: 'store.restored', actor: restored.actor, outcome: 'failed', target, details: { beforeRestore: restored.beforeRestore, rolledBack: true, reason } });
    return engine;
  }
  engine.recordEvent({ action: 'store.restored', actor: restored.actor, outcome: 'ok', target, details: { beforeRestore: restored.beforeRestore } });
  return engine;
}

/** Builds the engine, recording in `parts` everything teardown must close, as soon as it exists. */
async function startEngine(config: EngineConfig, parts: EngineParts, changes: ChangeFeed, requestRestart: () => void, logger: RecentLog): Promise<Engine> {
  const clock = config.clock ?? systemClock;
  privateDir(config.dataDir);
  const store = openStore({ file: join(config.dataDir, DATABASE_FILE), durability: config.durability ?? 'FULL', ...(config.nativeBinding ? { nativeBinding: config.nativeBinding } : {}) });
  parts.store = store;
  const journalFile = join(config.dataDir, INTAKE_JOURNAL_FILE);
  const intakeJournal = openIntakeJournal(journalFile, { nativeBinding: config.nativeBinding, checkpointedBy: 'filing' });
  parts.journal = intakeJournal;
  const ids = createIdGenerator(() => clock.now());
  const hashed = backfillContentHashes(store.sqlite);
  if (hashed > 0) logger.log('info', 'content hashes added to messages stored before them', { count: hashed });
  // The HTTP port is known once it listens; until then only the MLLP listeners count as the engine's own.
  let httpPort = config.http && config.http.port !== 0 ? config.http.port : undefined;
  const fetchPolicy = createFetchPolicy({
    allow: config.fetchAllow ?? [],
    ownPorts: () => [...(httpPort !== undefined ? [httpPort] : []), ...listeners.ports()],
    boundHost: config.http?.host,
  });
  const { transact, journal, auditRepo, connectorsRepo, routingRulesRepo, fhir, mappingProfiles, fhirMappingProfiles, convert, timeZoneOf, outboundRoutesRepo, outboundItems } = await composeMapping({
    store,
    ids,
    clock,
    logger,
    changes,
    fetchPolicy,
    terminologyServer: config.terminologyServer,
    converterModule: config.converterModule,
    fhirBundleMaxEntries: config.fhirBundleMaxEntries,
  });
  mappingProfiles.seedDefaults(DEFAULT_TENANT_ID);
  fhirMappingProfiles.seedDefaults(DEFAULT_TENANT_ID);
  const externalSystemsRepo = createExternalSystemsRepo(store.db);
  const cipher = config.cipher ?? createKeyFileCipher(config.dataDir);
  const audit = createAuditLog({ repo: auditRepo, clock, logger, tenantId: DEFAULT_TENANT_ID });
  const keyRotation = createKeyRotation({ cipher, secrets: createStoredSecretsRepo(store.sqlite), transact, clock });
  // A rotation a crash interrupted is finished before anything reads a secret.
  if (keyRotation.resume()) audit.recordEvent({ action: 'secrets.rotateKey.resumed', actor: { kind: 'system', id: 'system' }, outcome: 'ok' });

  const durability = config.durability ?? 'FULL';
  const apiClientsRepo = createApiClientsRepo(store.db);
  const tokenIssuer = createTokenIssuer(loadSigningKey(apiClientsRepo, cipher, ids, clock, logger), clock, config.apiClients?.tokenLifetimeSeconds);

  const runner = createRunner({ clock, logger });
  const metrics = createMetricsRecorder();
  const metricsRepo = createMetricsRepo(store.sqlite);
  const metricsFlush = createMetricsFlush({ recorder: metrics, repo: metricsRepo, clock, logger });
  runner.register(metricsFlush.kind);
  const apiClients = createApiClientService({ repo: apiClientsRepo, transact, ids, clock, changes, logger, usageFlushMs: config.apiClients?.usageFlushMs });
  runner.register(apiClients.usageKind());
  parts.metrics = {
    flush: () => {
      try {
        metricsFlush.flush();
      } catch (error) {
        // Metrics are not worth failing a stop for; the log says they were lost.
        logger.log('warn', 'metrics not written at stop', { error: error instanceof Error ? error.name : 'unknown' });
      }
    },
  };
  const writeGate = createWriteGate();
  const journalGate = createWriteGate();
  const journalProgress = createJournalProgress(intakeJournal);
  const filing = createFilingBarrier(journalProgress);
  const publishMessages = throttledPublisher(changes, 'hl7Messages', 250);
  const worker = createProcessingThread({
    runner,
    writeGate,
    repo: createHl7ProcessingRepo(store.sqlite, ids, durability),
    clock,
    logger,
    onChange: () => {
      publishMessages();
      // Processed messages may have put items in the outbox (in the same transaction).
      runner.wake(OUTBOUND_KIND);
    },
    onTally: (tally) => {
      for (const [tenantId, connectorId, processed, failed] of tally) {
        metrics.add(tenantId, connectorId, Count.processed, processed);
        metrics.add(tenantId, connectorId, Count.failed, failed);
      }
    },
    thread: {
      databaseFile: join(config.dataDir, DATABASE_FILE),
      durability,
      nativeBinding: config.nativeBinding,
      retryPolicy: config.retryPolicy ?? DEFAULT_RETRY_POLICY,
      converterModule: config.converterModule,
      fetchAllow: config.fetchAllow ?? [],
      boundHost: config.http?.host,
      batchBudgetMs: config.processingBatchBudgetMs ?? 20,
    },
  });
  parts.processing = worker;
  const filingThread = createFilingThread({
    runner,
    clock,
    logger,
    journalGate,
    thread: { databaseFile: join(config.dataDir, DATABASE_FILE), journalFile, durability, nativeBinding: config.nativeBinding },
    onFiled: () => {
      filing.filed();
      publishMessages();
      worker.notify();
    },
  });
  parts.filing = filingThread;
  const storeSettings = createStoreSettingsRepo(store.sqlite);
  const probe = createStoreProbe(store.sqlite, config.dataDir, join(config.dataDir, DATABASE_FILE), config.freeDiskBytes);
  const alerts = createAlertService({ repo: createAlertsRepo(store.db), journal, transact, ids, clock, changes });
  const diskGuard = createDiskGuard({
    freeBytes: probe.freeBytes,
    minFreeBytes: () => storeSettings.get().minFreeDiskBytes,
    logger,
    onChange: () => changes.publish({ topic: 'store' }),
    // The store is the engine's own: its disk alert goes to the operator's tenant.
    onLevel: (level, last) => alerts.observe(DEFAULT_TENANT_ID, [diskObservation(level, last.freeBytes, last.minFreeBytes)]),
  });
  runner.register(diskGuard.kind);
  const walSync = createWalSync(journalFile, config.walFlush);
  parts.walSync = walSync;
  const intakeRepo = gatedIntakeRepo(createHl7IntakeRepo(intakeJournal, store.sqlite, ids), { main: writeGate, journal: journalGate });
  const intake = createIntake({
    repo: intakeRepo,
    walSync,
    ids,
    clock,
    logger,
    // Intake's new messages go to filing first; processing is woken once they are filed.
    processing: { notify: filingThread.wake, whenSettled: (id) => worker.whenSettled(id) },
    // A failed fsync: no listener may take another message until a restart (the store recovers from its WAL).
    onHalt: (halt) => void listeners.halt(halt.message),
    metrics,
    diskGuard,
  });
  parts.intake = intake;
  // Listeners and the connector service need each other; the closures resolve once both exist.
  const listeners = createListenerRuntime({
    intake,
    logger,
    clock,
    readAuth: (row) => connectors.readAuth(row),
    reportError: (id, error) => connectors.reportError(id, error),
    ...(config.mllpBindHost ? { defaultBindHost: config.mllpBindHost } : {}),
  });
  parts.listeners = listeners;
  const connectors = createConnectorService({
    repo: connectorsRepo,
    externalSystems: externalSystemsRepo,
    journal,
    transact,
    cipher,
    ids,
    clock,
    changes,
    applyRuntime: listeners.sync,
    bindListener: listeners.bind,
    runtimeOf: listeners.stateOf,
  });
  const externalSystems = createExternalSystemService({ repo: externalSystemsRepo, journal, transact, ids, clock, changes });
  const messages = createMessageService({ repo: createHl7MessagesRepo(store.db), journal, transact, ids, clock, changes, notifyProcessing: worker.notify });
  const conversions = createConvertService(
    convert,
    (tenantId, resourceType, profileId) =>
      profileId ? fhirMappingProfiles.named({ tenantId, actor: 'system' }, profileId) : fhirMappingProfiles.pick(tenantId, undefined, (profile) => profile.resourceType === resourceType),
    undefined,
    timeZoneOf,
  );
  const bulkExports = createBulkExportService({ runner, repo: createBulkExportRepo(store.sqlite), dataDir: config.dataDir, clock, ids, logger, onChange: (id) => changes.publish({ topic: 'fhirExports', id }) });
  const bulkImports = createBulkImportService({ runner, repo: createBulkImportRepo(store.sqlite), fhir: fhir.service, transact, dataDir: config.dataDir, clock, ids, logger, fetch: fetchPolicy.callerFetch });
  runner.register(bulkFileSweepKind([bulkExports, bulkImports], logger));
  runner.register(
    sftpFolderPollKind({
      connectors: () => pollingSftpConnectors(connectorsRepo.allActive(), (row) => connectors.readAuth(row)),
      intake,
      ndjson: createNdjsonIntake(fhir.service, transact),
      recordError: (tenantId, connectorId, code, message, at) => intakeRepo.recordError(tenantId, connectorId, code, message, at),
      reportError: (id, error) => connectors.reportError(id, error),
      clock,
      logger,
    }),
  );
  const publishImports = throttledPublisher(changes, 'dataImportBatches', 250);
  const publishExports = throttledPublisher(changes, 'dataExportBatches', 250);
  const dataBatches = createDataBatchService({
    runner,
    repo: createDataBatchesRepo(store.db, store.sqlite, ids),
    fhir: fhir.service,
    transact,
    intake,
    findConnector: (id) => connectorsRepo.findById(id),
    dataDir: config.dataDir,
    clock,
    ids,
    logger,
    onChange: (topic) => (topic === 'dataImportBatches' ? publishImports() : publishExports()),
    chunkSize: config.dataBatches?.chunkSize,
    maxFileChars: config.dataBatches?.maxFileChars,
  });
  const health = createHealthService({
    probe,
    intake: () => ({ refusingForDisk: diskGuard.refusal() !== undefined, minFreeBytes: storeSettings.get().minFreeDiskBytes }),
    connectors: connectorsRepo,
    listenerState: listeners.stateOf,
    backlog: createBacklogRepo(store.sqlite, journalProgress),
    clock,
    version: APP_VERSION,
    startedAt: clock.now(),
    pid: process.pid,
    supervision: config.supervision,
  });
  const deliveries = createEventDeliveriesRepo(store.sqlite, ids);
  const deliveriesChanged = throttledPublisher(changes, 'eventDeliveries', 250);
  runner.register(eventFanOutKind({ repo: deliveries, onDeliveries: () => { deliveriesChanged(); runner.wake(WEBHOOK_DELIVERY_KIND); } }));
  runner.register(
    webhookDeliveryKind({
      repo: deliveries,
      cipher,
      send: createWebhookSender({ fetch: fetchPolicy.configuredFetch, timeoutMs: config.webhooks?.timeoutMs, now: () => clock.now() }),
      policy: config.webhooks?.retryPolicy ?? DEFAULT_WEBHOOK_RETRY,
      clock,
      logger,
      wake: () => runner.wake(WEBHOOK_DELIVERY_KIND),
      onAttempt: deliveriesChanged,
    }),
  );
  // Events the engine thread commits (connector changes, FHIR writes) fan out at once; the processing thread's on the next poll.
  changes.subscribe(() => runner.wake(EVENT_FANOUT_KIND));
  const eventSubscriptions = createEventSubscriptionService({ repo: createEventSubscriptionsRepo(store.db), journal, transact, cipher, ids, clock, changes, urlRefusal: fetchPolicy.configuredRefusal });
  const outboundRoutes = createOutboundRouteService({ repo: outboundRoutesRepo, connectors: connectorsRepo, fhirProfile: (ctx, id) => fhirMappingProfiles.named(ctx, id), journal, transact, ids, clock, changes });
  const publishOutbound = throttledPublisher(changes, 'outboundItems', 250);
  const fhirRestSender = createFhirRestSender({ fetchPolicy, clock });
  const outboundConnector = (connectorId: string) => {
    const row = connectorsRepo.findById(connectorId);
    return row && { id: row.id, protocol: row.protocol, host: row.host, port: row.port, tlsEnabled: row.tlsEnabled, authMode: row.authMode, auth: connectors.readAuth(row), settings: row.settings, version: row.version, tenantId: row.tenantId };
  };
  const integrationJobsRepo = createIntegrationJobsRepo(store.db);
  const sync = composeSync({
    db: store.db,
    jobConfig: (jobId) => integrationJobsRepo.findById(jobId)?.config,
    fhir: fhir.service,
    sender: fhirRestSender,
    connector: (tenantId, connectorId) => {
      const found = outboundConnector(connectorId);
      return found && found.tenantId === tenantId ? found : undefined;
    },
    journal,
    clock,
    ids,
    changes,
  });
  const delivery = createLaneDrainer({
    runner,
    items: outboundItems,
    destination: (item) => {
      if (item.routingRuleId !== null) {
        const rule = routingRulesRepo.findById(item.routingRuleId);
        return rule && ruleDestination(rule);
      }
      return item.destinationConnectorId !== null ? outboundConnector(item.destinationConnectorId) : undefined;
    },
    senders: {
      mllp: createMllpSender(),
      sftp: sftpLaneSender(createSftpDropSender()),
      'fhir-rest': createFhirRestLaneSender({ sender: fhirRestSender, upstreamWrite: upstreamWriteOf((tenantId, type, id) => fhir.service.read(tenantId, type, id)) }),
    },
    policy: { ...DEFAULT_OUTBOUND_RETRY_POLICY, ...config.outboundRetryPolicy },
    clock,
    logger,
    maxLanes: config.outboundLanes,
    onChange: () => publishOutbound(),
    onAttempt: (tenantId, connectorId, delivered, at) => (delivered ? metrics.sent(tenantId, connectorId, at) : metrics.add(tenantId, connectorId, Count.sendFailed, 1)),
  });
  const outbound = createOutboundService({ items: outboundItems, connectors: connectorsRepo, journal, transact, delivery, clock, changes });
  const runKinds = createRunKindRegistry();
  runKinds.register(bulkExportRunKind({ exports: bulkExports, clock }));
  runKinds.register(dataImportRunKind({ service: dataBatches, dataDir: config.dataDir }));
  runKinds.register(dataExportRunKind({ service: dataBatches }));
  runKinds.register(sync.kinds.fhirPullSync);
  runKinds.register(sync.kinds.fhirPushSync);
  const retention = createRetentionRepo(store.sqlite, intakeJournal);
  runKinds.register(retentionRunKind({ repo: retention, settings: storeSettings, clock, audit }));
  runKinds.register(storeBackupRunKind({ dataDir: config.dataDir, files: [INTAKE_JOURNAL_FILE, DATABASE_FILE], nativeBinding: config.nativeBinding, clock }));
  const healthChecks = createHealthCheckService({
    checks: createHealthChecksRepo(store.db),
    facts: createMonitoringFactsRepo(store.sqlite),
    alerts,
    destinationOf: (row) => ({ id: row.id, protocol: row.protocol, host: row.host, port: row.port, tlsEnabled: row.tlsEnabled, authMode: row.authMode, auth: connectors.readAuth(row), settings: row.settings, version: row.version }),
    listener: { stateOf: listeners.stateOf, connectionsOf: listeners.connectionsOf },
    fhirSender: fhirRestSender,
    ids,
    clock,
    logger,
  });
  const healthKind = healthChecksKind({ service: healthChecks, alerts, activeConnectors: () => connectorsRepo.allActive(), logger, intervalMs: config.monitoring?.intervalMs });
  runner.register(healthKind);
  // A finished sync run may raise or clear sync_failed: judged on the kind's next turn, at once.
  changes.subscribe((event) => {
    if (event.topic !== 'integrationRuns') return;
    healthKind.runsChanged();
    runner.wake(HEALTH_CHECKS_KIND);
  });
  runKinds.register(healthCheckSweepRunKind({ service: healthChecks, activeConnectors: () => connectorsRepo.allActive() }));
  for (const kind of config.integrationRunKinds ?? []) runKinds.register(kind);
  const integrationRunsRepo = createIntegrationRunsRepo(store.db, createInterfaceErrorWriter(store.sqlite, ids));
  const publishRuns = throttledPublisher(changes, 'integrationRuns', 250);
  const runExecutor = createRunExecutor({
    runner,
    jobs: integrationJobsRepo,
    runs: integrationRunsRepo,
    kinds: runKinds,
    transact,
    ids,
    clock,
    logger,
    changed: (topic) => (topic === 'integrationRuns' ? publishRuns() : changes.publish({ topic })),
    intervalMs: config.jobScheduler?.intervalMs,
    lateAfterMs: config.jobScheduler?.lateAfterMs,
  });
  const monitoring = createDashboardService({
    repo: createDashboardRepo(store.sqlite),
    metrics: metricsRepo,
    recorder: metrics,
    listenerState: listeners.stateOf,
    offlineSince: delivery.offlineSince,
    clock,
  });
  const integrationJobs = createIntegrationJobService({ jobs: integrationJobsRepo, runs: integrationRunsRepo, kinds: runKinds, executor: runExecutor, journal, transact, ids, clock, changes });
  const storeService = createStoreService({ settings: storeSettings, retention, jobs: integrationJobsRepo, runs: integrationRunsRepo, freeBytes: probe.freeBytes, diskGuard, files: { database: join(config.dataDir, DATABASE_FILE), journal: journalFile }, journal, transact, clock, changes,
    restore: { dataDir: config.dataDir, files: { journal: INTAKE_JOURNAL_FILE, database: DATABASE_FILE }, cipher, migrationsDir: defaultMigrationsDir(), nativeBinding: config.nativeBinding, clock, requestRestart } });
  // The retention job is the engine's own default, made (every 15 minutes) once there is a rule for it to apply.
  const seedRetentionJob = (): void => {
    if (storeSettings.get().maxStoreBytes === null && retention.connectorRules().length === 0) return;
    try {
      integrationJobs.seedDefault({ tenantId: DEFAULT_TENANT_ID, actor: 'system' }, { name: 'Store retention', kind: RETENTION_KIND, schedule: '*/15 * * * *', timeZone: 'UTC', overlap: 'skip', catchUp: 'run-once', config: {}, enabled: true });
    } catch (error) {
      logger.log('warn', 'the default retention job could not be created', { code: error instanceof AppError ? error.code : 'unknown' });
    }
  };
  seedRetentionJob();
  changes.subscribe((event) => {
    if (event.topic === 'connectors' || event.topic === 'store') seedRetentionJob();
  });
  const catalog = createCatalogService({
    templates: CONNECTOR_TEMPLATES,
    repo: connectorsRepo,
    metrics: metricsRepo,
    connectors,
    profileIdNamed: (ctx, messageType, name) => mappingProfiles.list(ctx, { messageType, status: 'active' }, { page: 1, pageSize: 100 }).data.find((p) => p.name === name)?.id,
    listenerPort: (id) => listeners.portOf(id),
    portsInUse: (ctx) => new Set(connectorsRepo.list(ctx.tenantId, {}, { page: 1, pageSize: 10_000 }).rows.flatMap((c) => (c.port === null ? [] : [c.port]))),
    canBind: (port) => canBind(config.mllpBindHost ?? '0.0.0.0', port),
    sendMllp: async (options, message) => {
      const client = await MllpClient.connect(options);
      try {
        return (await client.send(message)).toString('utf8');
      } finally {
        await client.close();
      }
    },
    clock,
  });
  const access = composeAccess({
    store,
    ids,
    clock,
    changes,
    secure: config.http?.tls !== undefined,
    config: {
      ...config.access,
      onSignInEvent: (event) => {
        audit.recordEvent(signInAuditEvent(event));
        config.access?.onSignInEvent?.(event);
      },
    },
  });
  const diagnostics = createDiagnosticsExport({
    call: (name, input, ctx) => dispatcher.dispatch(name, input, ctx),
    storeLevel: () => storeLevel(store.sqlite),
    shippedMigrationAt: latestShippedMigrationAt(defaultMigrationsDir()),
    recentLog: () => logger.lines(),
    clock,
  });
  const dispatcher = createDispatcher(createHandlers({ catalog, operators: access.operators, store: storeService, diagnostics, integrationJobs, eventSubscriptions, connectors, externalSystems, messages, filing, fhir: fhir.consoleOperations, fhirExports: createBulkExportApi(bulkExports, clock), routingRules: createRoutingRuleService({ repo: routingRulesRepo, journal, transact, ids, clock, changes, urlRefusal: fetchPolicy.configuredRefusal }), health, convert: conversions, mappingProfiles, fhirMappingProfiles, coverage: createCoverageReport(createUnmappedCoverageRepo(store.sqlite)), outboundRoutes, outbound, dataBatches, syncConflicts: sync.conflicts, interfaceErrors: createInterfaceErrorService({ repo: createInterfaceErrorsRepo(store.db), messages, outbound, journal, transact, clock, changes }), monitoring, alerts, healthChecks: { test: (ctx, id) => healthChecks.check(connectors.rowOf(ctx, id)) }, apiClients, audit, keyRotation }), logger, audit);
  parts.background = runner;
  runner.start();
  await connectors.resumeActive();

  let url: string | undefined;
  if (config.http) {
    const app = await createHttpServer({
      dispatcher,
      changes,
      tenantId: DEFAULT_TENANT_ID,
      accessToken: config.http.accessToken,
      authenticators: [access.sessions.authenticator, jwtAuthenticator({ issuer: tokenIssuer, clients: apiClients, clock })],
      credentialsRequired: access.operators.any,
      https: config.http.tls,
      host: config.http.host,
      serverNames: config.http.serverNames,
      rendererDir: config.http.rendererDir,
      tenantExists: apiClients.tenantExists,
      // API clients have their own limit; callers without credentials one per address; the operator's own ways in none.
      rateLimit: (principal) => (principal === undefined ? (config.apiClients?.anonymousPerMinute ?? 600) : principal.kind === 'api-client' ? apiClients.client(principal.id)?.rateLimitPerMinute : undefined),
      onAnswered: (principal, status) => {
        if (principal.kind !== 'api-client') return;
        apiClients.countRequest(principal.id);
        if (status === 403 || status === 429) apiClients.countRefusal(principal.id);
      },
      plugins: [access.routes, (server) => registerTokenRoute(server, { clients: apiClients, issuer: tokenIssuer, clock, onTokenEvent: (event) => {
            audit.recordEvent(tokenAuditEvent(event));
            config.apiClients?.onTokenEvent?.(event);
          }, attemptsPerMinute: config.apiClients?.tokenAttemptsPerMinute }), (server) => registerBatchFileRoutes(server, { dispatcher, tenantId: DEFAULT_TENANT_ID }), (server) => registerJwksRoute(server, { publicJwks: connectors.publicJwks }), (server) => registerFhirRoutes(server, { handler: fhir.handler, bulkExports, bulkImports, tenantId: DEFAULT_TENANT_ID, logger, requiresAccessToken: () => Boolean(config.http?.accessToken) || access.operators.any(), importBodyLimitBytes: config.importBodyLimitBytes, audit })],
    });
    parts.http = app;
    await app.listen({ host: config.http.host, port: config.http.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    httpPort = port;
    const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
    url = `${config.http.tls ? 'https' : 'http'}://${host}:${port}/`;
  }
  logger.log('info', 'engine started', { version: APP_VERSION, http: url !== undefined });
  // The engine thread's own copy, for the FHIR API: loaded in the background once the processing thread has
  // loaded its copy (which ACKs after processing wait for), so the two loads do not share the CPU; a FHIR
  // request that comes first finishes the load itself.
  const preloading = new AbortController();
  parts.preloading = preloading;
  const warm = worker.ready
    .then(() => {
      const preloadStart = performance.now();
      return preloadFhir(preloading.signal).then((done) => {
        if (done) logger.log('info', 'FHIR definitions loaded', { ms: Math.round(performance.now() - preloadStart) });
      });
    })
    .catch((error: unknown) => logger.log('warn', 'FHIR definitions preload failed', { error: error instanceof Error ? error.name : typeof error }));

  let stopping: Promise<void> | undefined;
  return {
    dispatcher,
    changes,
    store,
    tenantId: DEFAULT_TENANT_ID,
    listeners,
    sync,
    ...(url ? { url } : {}),
    warm,
    flushMetrics: () => metricsFlush.flush(),
    recordEvent: (event) => audit.recordEvent(event),
    settled: () => Promise.resolve(),
    stop() {
      stopping ??= teardown(parts).then(() => logger.log('info', 'engine stopped'));
      return stopping;
    },
  };
}
