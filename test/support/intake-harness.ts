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
  stop(): Promise<void>;
}

const CONNECTOR_ID = 'CONN_HARNESS';

/**
 * Intake, processing worker and one MLLP listener over a real SQLite file, composed like bootstrap()
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
  const walSync = createWalSync(file, options.walFlush);
  const intake = createIntake({ repo: createHl7IntakeRepo(store.sqlite, ids, 'FULL'), walSync, ids, clock, logger, processing: worker, onStored: () => undefined });
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
    async stop() {
      await listener.stop(options.graceMs ?? 5000);
      await intake.drain();
      await walSync.close();
      await runner.stop();
      store.close();
    },
  };
}
