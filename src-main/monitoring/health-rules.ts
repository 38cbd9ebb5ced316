/** How the engine judges its own health: pure rules over facts gathered elsewhere. */

/** A processing backlog whose oldest message has waited this long makes the engine degraded. */
export const BACKLOG_AGE_DEGRADED_MS = 15 * 60 * 1000;
/** An engine process restarted by its supervisor keeps the engine degraded this long, so someone notices. */
export const RESTART_DEGRADED_MS = 10 * 60 * 1000;
/** This many messages waiting for processing make the engine degraded. */
export const BACKLOG_SIZE_DEGRADED = 10_000;
/** Less free disk than this for the data directory makes the engine degraded… */
export const FREE_DISK_DEGRADED_BYTES = 1024 * 1024 * 1024;
/** …and less than this failing: SQLite cannot be trusted to commit much more. */
export const FREE_DISK_FAILING_BYTES = 100 * 1024 * 1024;

export type HealthStatus = 'ok' | 'degraded' | 'failing';

export interface HealthFacts {
  now: number;
  store: { writable: boolean; error: string | null; freeBytes: number | null };
  /** Active MLLP listener connectors, each with the state of its listener (undefined: not started). */
  listeners: { connectorId: string; name: string; state: 'listening' | 'failed' | undefined; error: string | null }[];
  /** Messages received and not yet processed; waitingSince is when the one waiting longest was queued. */
  backlog: { pending: number; waitingSince: number | null };
  /** The free-disk guard: intake refuses messages (AR) while less than minFreeBytes is free. */
  intake?: { refusingForDisk: boolean; minFreeBytes: number };
  /** How the engine process before this one ended, when a supervisor restarted it. */
  lastExit?: { at: number; code: number | null; signal: string | null } | undefined;
}

export interface HealthReason {
  code: 'STORE_NOT_WRITABLE' | 'INTAKE_REFUSING_DISK_LOW' | 'DISK_SPACE_CRITICAL' | 'DISK_SPACE_LOW' | 'LISTENER_DOWN' | 'BACKLOG_OLD' | 'BACKLOG_LARGE' | 'ENGINE_RESTARTED';
  severity: Exclude<HealthStatus, 'ok'>;
  message: string;
  connectorId?: string;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;
const minutes = (ms: number): string => `${Math.floor(ms / 60_000)} min`;

export function healthReasons(facts: HealthFacts): HealthReason[] {
  const reasons: HealthReason[] = [];
  const { store, backlog } = facts;
  if (!store.writable) reasons.push({ code: 'STORE_NOT_WRITABLE', severity: 'failing', message: `the message store cannot be written${store.error ? `: ${store.error}` : ''}` });
  if (facts.intake?.refusingForDisk) {
    reasons.push({ code: 'INTAKE_REFUSING_DISK_LOW', severity: 'failing', message: `intake refuses messages: less than ${megabytes(facts.intake.minFreeBytes)} is free on the data directory's disk` });
  }
  if (store.freeBytes !== null && store.freeBytes < FREE_DISK_FAILING_BYTES) {
    reasons.push({ code: 'DISK_SPACE_CRITICAL', severity: 'failing', message: `only ${megabytes(store.freeBytes)} free on the data directory's disk` });
  } else if (store.freeBytes !== null && store.freeBytes < FREE_DISK_DEGRADED_BYTES) {
    reasons.push({ code: 'DISK_SPACE_LOW', severity: 'degraded', message: `only ${megabytes(store.freeBytes)} free on the data directory's disk` });
  }
  for (const listener of facts.listeners) {
    if (listener.state === 'listening') continue;
    const why = listener.error ?? (listener.state === undefined ? 'not started' : 'failed');
    reasons.push({ code: 'LISTENER_DOWN', severity: 'degraded', connectorId: listener.connectorId, message: `connector "${listener.name}" is active but does not listen: ${why}` });
  }
  if (backlog.waitingSince !== null && facts.now - backlog.waitingSince >= BACKLOG_AGE_DEGRADED_MS) {
    reasons.push({ code: 'BACKLOG_OLD', severity: 'degraded', message: `the oldest unprocessed message has waited ${minutes(facts.now - backlog.waitingSince)}` });
  }
  if (facts.lastExit && facts.now - facts.lastExit.at < RESTART_DEGRADED_MS) {
    const how = facts.lastExit.signal ? `was killed by ${facts.lastExit.signal}` : `exited with code ${facts.lastExit.code ?? 'unknown'}`;
    reasons.push({ code: 'ENGINE_RESTARTED', severity: 'degraded', message: `the engine process ${how} ${minutes(facts.now - facts.lastExit.at)} ago and was restarted` });
  }
  if (backlog.pending >= BACKLOG_SIZE_DEGRADED) reasons.push({ code: 'BACKLOG_LARGE', severity: 'degraded', message: `${backlog.pending} messages wait for processing` });
  return reasons;
}

export function healthStatus(reasons: readonly HealthReason[]): HealthStatus {
  if (reasons.some((r) => r.severity === 'failing')) return 'failing';
  return reasons.length > 0 ? 'degraded' : 'ok';
}
