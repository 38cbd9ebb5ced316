/** What a started (or half-started) engine holds; absent parts were never created. */
export interface EngineParts {
  /** Work started after listening (the FHIR definitions preload). */
  preloading?: AbortController;
  http?: { close(): Promise<unknown> };
  listeners?: { stopAll(): Promise<void> };
  intake?: { drain(): Promise<void> };
  background?: { stop(): Promise<void> };
  /** The processing thread: the runner stops it; this ends it when the runner never started. */
  processing?: { close(): Promise<void> };
  /** The filing thread, likewise. */
  filing?: { close(): Promise<void> };
  /** The metrics counted since the last flush, written before the store closes. */
  metrics?: { flush(): void };
  walSync?: { close(): Promise<void> };
  store?: { close(): void };
  /** The intake journal's connection. */
  journal?: { close(): void };
  lock?: { release(): void };
}

/**
 * Stops an engine in the one safe order, for stop() and for a start that failed part way: stop accepting
 * (HTTP), stop the MLLP listeners, let intake finish the messages it holds, stop background work, write the
 * metrics counted since the last flush, close the WAL syncer, close SQLite (which checkpoints) and the intake journal, release the data-dir lock. Every step runs even when one
 * before it failed; the first failure is thrown at the end.
 */
export async function teardown(parts: EngineParts): Promise<void> {
  const steps: (() => unknown)[] = [
    () => parts.preloading?.abort(),
    () => parts.http?.close(),
    () => parts.listeners?.stopAll(),
    () => parts.intake?.drain(),
    () => parts.background?.stop(),
    () => parts.processing?.close(),
    () => parts.filing?.close(),
    () => parts.metrics?.flush(),
    () => parts.walSync?.close(),
    () => parts.store?.close(),
    () => parts.journal?.close(),
    () => parts.lock?.release(),
  ];
  let failure: { error: unknown } | undefined;
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
