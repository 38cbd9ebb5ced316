/**
 * Lookups remembered for the length of one unit of work (a processing turn): the configuration a turn
 * reads — which mapping profile a connector assigns, the active profile of a message type, the routing
 * rules of a resource type — is read once for its messages instead of once each. Outside `within`,
 * `memo` only loads (the engine thread's API reads stay current). What a turn writes under its write
 * lock cannot be changed by another connection meanwhile; what it reads before is as of its first read.
 */
export interface TurnMemo {
  within<T>(work: () => T): T;
  memo<T>(key: string, load: () => T): T;
}

export function createTurnMemo(): TurnMemo {
  let cache: Map<string, unknown> | undefined;
  return {
    within<T>(work: () => T): T {
      if (cache) return work();
      cache = new Map();
      try {
        return work();
      } finally {
        cache = undefined;
      }
    },
    memo<T>(key: string, load: () => T): T {
      if (!cache) return load();
      if (cache.has(key)) return cache.get(key) as T;
      const value = load();
      cache.set(key, value);
      return value;
    },
  };
}
