import { isListener, type Health } from '../../src-shared';
import { isoTime, type Clock } from '../core/clock';
import type { BacklogRepo } from '../store/backlog-repo';
import type { ConnectorsRepo } from '../store/connectors-repo';
import type { StoreProbe } from '../store/store-probe';
import type { Supervision } from '../supervisor/supervision-env';
import { healthReasons, healthStatus, type HealthFacts } from './health-rules';

export interface HealthServiceDeps {
  probe: StoreProbe;
  connectors: Pick<ConnectorsRepo, 'allActive'>;
  listenerState: (connectorId: string) => { state: 'listening' | 'failed'; error: string | null } | undefined;
  backlog: BacklogRepo;
  clock: Clock;
  /** The free-disk guard's state (cached; no IO). */
  intake?: () => HealthFacts['intake'];
  version: string;
  startedAt: number;
  pid: number;
  /** Set when a supervisor started this engine process (headless-supervisor.ts). */
  supervision?: Supervision | undefined;
}

/** Gathers what is true of the engine now and judges it with the health rules. */
export function createHealthService(deps: HealthServiceDeps) {
  return {
    check(): Health {
      const now = deps.clock.now();
      let store = deps.probe.check();
      let listeners: HealthFacts['listeners'] = [];
      let backlog: HealthFacts['backlog'] = { pending: 0, waitingSince: null };
      try {
        listeners = deps.connectors
          .allActive()
          .filter(isListener)
          .map((row) => {
            const runtime = deps.listenerState(row.id);
            return { connectorId: row.id, name: row.name, state: runtime?.state, error: runtime?.error ?? null };
          });
        backlog = deps.backlog.backlog();
      } catch (error) {
        store = { ...store, writable: false, error: (error as { code?: string }).code ?? 'STORE_UNREADABLE' };
      }
      const lastExit = deps.supervision?.lastExit;
      const facts: HealthFacts = { now, store, listeners, backlog, intake: deps.intake?.(), lastExit };
      const reasons = healthReasons(facts);
      return {
        status: healthStatus(reasons),
        reasons,
        version: deps.version,
        uptimeSeconds: Math.floor((now - deps.startedAt) / 1000),
        checkedAt: isoTime(now),
        store: { writable: store.writable, freeBytes: store.freeBytes },
        listeners: { expected: listeners.length, up: listeners.filter((l) => l.state === 'listening').length },
        backlog: { pending: backlog.pending, oldestPendingAgeSeconds: backlog.waitingSince === null ? null : Math.max(0, Math.floor((now - backlog.waitingSince) / 1000)) },
        engineProcess: {
          pid: deps.pid,
          supervised: deps.supervision !== undefined,
          restarts: deps.supervision?.restarts ?? 0,
          lastExit: lastExit ? { at: isoTime(lastExit.at), exitCode: lastExit.code, signal: lastExit.signal, uptimeSeconds: Math.round(lastExit.uptimeMs / 1000) } : null,
        },
      };
    },
  };
}
export type HealthService = ReturnType<typeof createHealthService>;
