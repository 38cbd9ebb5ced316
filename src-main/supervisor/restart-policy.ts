/** How the supervisor answers an engine process that died. */
export interface RestartPolicy {
  /** The wait before the first restart; it doubles with each crash that follows quickly. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A run this long counts as healthy: the crash after it starts the count again. */
  stableAfterMs: number;
  /** Quick crashes in a row after which the supervisor stops trying and says so. */
  maxQuickCrashes: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { firstDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000, maxQuickCrashes: 5 };

export type RestartDecision = { action: 'restart'; delayMs: number; quickCrashes: number } | { action: 'give-up'; quickCrashes: number };

/** Pure: what to do after a crash of a run that lasted `uptimeMs`, given the quick crashes just before it. */
export function decideRestart(policy: RestartPolicy, quickCrashesBefore: number, uptimeMs: number): RestartDecision {
  const quickCrashes = (uptimeMs >= policy.stableAfterMs ? 0 : quickCrashesBefore) + 1;
  if (quickCrashes > policy.maxQuickCrashes) return { action: 'give-up', quickCrashes };
  return { action: 'restart', delayMs: Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (quickCrashes - 1)), quickCrashes };
}
