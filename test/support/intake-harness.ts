import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectorSettings } from '../../src-shared';
import { createIdGenerator } from '../../src-main/core/ids';
import { silentLogger, type Logger } from '../../src-main/core/logger';
import type { RetryPolicy } from '../../src-main/jobs/retry-policy';
import { createIntake } from '../../src-main/messages/intake';
import { NOT_MAPPED, type MappingStep } from '../../src-main/messages/mapping-step';
import { createRunner } from '../../src-main/jobs/runner';
import { createProcessingWorker } from '../../src-main/messages/processing-worker';
import { DEFAULT_MLLP_LIMITS } from '../../src-main/mllp/limits';
import { MllpListener } from '../../src-main/mllp/listener';
import { createHl7IntakeRepo } from '../../src-main/store/hl7-intake-repo';
import { createIntakeFilingRepo } from '../../src-main/store/intake-filing-repo';
import { createJournalProgress, openIntakeJournal } from '../../src-main/store/intake-journal';
import { createFilingBarrier } from '../../src-main/messages/filing-barrier';
import { createIntakeFiling } from '../../src-main/messages/intake-filing';
import { createHl7ProcessingRepo } from '../../src-main/store/hl7-processing-repo';
import { DEFAULT_TENANT_ID, openStore, type Store } from '../../src-main/store/open-store';
import { createWalSync } from '../../src-main/store/wal-sync';

export interface IntakeHarnessOptions {
  dataDir: string;
  settings?: Record<string, unknown>;
  mapping?: MappingStep;
  policy?: RetryPolicy;
  /** Replaces the WAL fsync (a delay, a fault). */
  walFlush?: () => Promise<void>;
  logger?: Logger;
  /** How long a stopping listener waits for frames in flight. */
  graceMs?: number;
}

export interface IntakeHarness {
  port: number;
  store: Store;
  connectorId: string;
  /** Resolves once every message answered so far is filed into hl7_messages (as the engine's message log reads wait). */
  filed(): Promise<void>;
  stop(): Promise<void>;
}

const CONNECTOR_ID = 'CONN_HARNESS';

/**
 * Intake, filing, processing worker and one MLLP listener over real SQLite files, composed like bootstrap()
 * does but with the mapping step and the WAL fsync in the test's hands.
 */
export async function startIntakeHarness(options: IntakeHarnessOptions): Promise<IntakeHarness> {
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'harness.db');
  const store = openStore({ file });
  const now = Date.now();
  store.sqlite
    .prepare("insert or ignore into interop_connectors (id, tenant_id, name, protocol, direction, port, tls_enabled, auth_mode, message_types, settings, status, version, created_at, updated_at) values (?, ?, 'harness', 'mllp', 'inbound', 1, 0, 'none', '[]', '{}', 'active', 1, ?, ?)")
    .run(CONNECTOR_ID, DEFAULT_TENANT_ID, now, now);
  const ids = createIdGenerator();
  const clock = { now: () => Date.now() };
  const logger = options.logger ?? silentLogger;
  const runner = createRunner({ clock, logger });
  const worker = createProcessingWorker({
    runner,
    repo: createHl7ProcessingRepo(store.sqlite, ids, 'FULL'),
    mapping: options.mapping ?? (() => NOT_MAPPED),
    policy: options.policy ?? { maxAttempts: 3, baseDelayMs: 1, factor: 1, maxDelayMs: 1, jitter: 0 },
    clock,
    logger,
    onChange: () => undefined,
    pollMs: 20,
    batchDelayMs: 0,
  });
  const journalFile = join(options.dataDir, 'intake.db');
  const journal = openIntakeJournal(journalFile);
  // Filing runs on the test's event loop here (the engine runs it on the processing thread).
  const barrier = createFilingBarrier(createJournalProgress(journal));
  const filing = createIntakeFiling({
    runner,
    repo: createIntakeFilingRepo(journal, store.sqlite, ids, 'FULL'),
    logger,
    onFiled: () => {
      barrier.filed();
      worker.notify();
    },
    pollMs: 20,
    batchDelayMs: 0,
  });
  const walSync = createWalSync(journalFile, options.walFlush);
  const processing = { notify: () => (filing.wake(), worker.notify()), whenSettled: (id: string) => worker.whenSettled(id) };
  const intake = createIntake({ repo: createHl7IntakeRepo(journal, store.sqlite, ids), walSync, ids, clock, logger, processing });
  const listener = new MllpListener({
    name: CONNECTOR_ID,
    host: '127.0.0.1',
    port: 0,
    limits: DEFAULT_MLLP_LIMITS,
    logger,
    handler: intake.handlerFor({ connectorId: CONNECTOR_ID, tenantId: DEFAULT_TENANT_ID, policy: {}, settings: ConnectorSettings.parse(options.settings ?? {}) }),
  });
  runner.start();
  await listener.start();
  return {
    port: listener.port as number,
    store,
    connectorId: CONNECTOR_ID,
    filed: () => barrier.caughtUp(),
    async stop() {
      await listener.stop(options.graceMs ?? 5000);
      await intake.drain();
      await walSync.close();
      await runner.stop();
      store.close();
      journal.close();
    },
  };
}
