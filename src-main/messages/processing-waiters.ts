import type { Hl7ProcessingRepo } from '../store/hl7-processing-repo';
import type { Settlement } from './intake';

/** A message whose processing ended, and how (the ACK-after-processing answer). */
export type SettledMessage = readonly [messageId: string, settlement: Settlement];

/** A batch's attempts of one connector: how many processed and how many failed (retried or dead-lettered), for its metrics. */
export type ProcessingTally = readonly [tenantId: string, connectorId: string, processed: number, failed: number];

/** Counts a batch's results per connector. */
export function tallyOf(results: readonly { tenantId: string; connectorId: string; ok: boolean }[]): ProcessingTally[] {
  const byConnector = new Map<string, [string, string, number, number]>();
  for (const r of results) {
    const t = byConnector.get(r.connectorId) ?? [r.tenantId, r.connectorId, 0, 0];
    if (r.ok) t[2]++;
    else t[3]++;
    byConnector.set(r.connectorId, t);
  }
  return [...byConnector.values()];
}

export interface ProcessingWaiters {
  /** Resolves with the message's outcome: at once if it is stored already, `stopped` if processing is not running. */
  whenSettled(messageId: string, running: boolean): Promise<Settlement>;
  settle(messageId: string, settlement: Settlement): void;
  /** Every wait still open ends as `stopped` (not an outcome: the message stays stored for the next start). */
  stopAll(): void;
}

/**
 * Senders waiting for their message's processing outcome (ACK after processing), wherever processing
 * runs. `wake` is called when a wait starts, so processing looks for the message at once.
 */
export function createProcessingWaiters(repo: Pick<Hl7ProcessingRepo, 'outcomeOf'>, wake: () => void): ProcessingWaiters {
  const waiters = new Map<string, ((s: Settlement) => void)[]>();
  const settle = (id: string, settlement: Settlement): void => {
    const list = waiters.get(id);
    if (!list) return;
    waiters.delete(id);
    list.forEach((done) => done(settlement));
  };
  return {
    settle,
    whenSettled(messageId, running) {
      // The outcome may already be stored (processing can finish while intake waits on the fsync).
      const stored = repo.outcomeOf(messageId);
      if (stored) return Promise.resolve(stored);
      if (!running) return Promise.resolve({ outcome: 'stopped' });
      return new Promise((resolve) => {
        const list = waiters.get(messageId) ?? [];
        list.push(resolve);
        waiters.set(messageId, list);
        wake();
      });
    },
    stopAll() {
      for (const id of [...waiters.keys()]) settle(id, { outcome: 'stopped' });
    },
  };
}

/** The settlement a processing result gives its waiters; undefined while a retry is still due. */
export function settlementOf(result: { ok: true } | { ok: false; errorCode: string; errorMessage: string; retryAt: number | null }): Settlement | undefined {
  if (result.ok) return { outcome: 'processed' };
  return result.retryAt === null ? { outcome: 'failed', reason: `${result.errorCode}: ${result.errorMessage}` } : undefined;
}
