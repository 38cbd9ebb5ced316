import type { UsageDelta } from '../store/api-clients-repo';

interface Counting {
  requests: number;
  refusals: number;
  lastSeenAt: number;
  credentialUses: Map<string, number>;
}

/**
 * Per-client usage counted in memory and written in batches (`drain`), so a request costs a map update,
 * never a write. What is counted and not yet written is added to what the store says when shown.
 */
export function createClientUsage() {
  let pending = new Map<string, Counting>();
  const entry = (clientId: string, at: number): Counting => {
    let found = pending.get(clientId);
    if (!found) {
      found = { requests: 0, refusals: 0, lastSeenAt: at, credentialUses: new Map() };
      pending.set(clientId, found);
    }
    found.lastSeenAt = Math.max(found.lastSeenAt, at);
    return found;
  };
  return {
    request(clientId: string, at: number): void {
      entry(clientId, at).requests += 1;
    },
    refusal(clientId: string, at: number): void {
      entry(clientId, at).refusals += 1;
    },
    credentialUsed(clientId: string, credentialId: string, at: number): void {
      entry(clientId, at).credentialUses.set(credentialId, at);
    },
    pendingOf(clientId: string): Readonly<Counting> | undefined {
      return pending.get(clientId);
    },
    /** Hands over everything counted so far and starts counting afresh. */
    drain(): Map<string, UsageDelta> {
      const taken = pending;
      pending = new Map();
      return taken;
    },
  };
}
export type ClientUsage = ReturnType<typeof createClientUsage>;
