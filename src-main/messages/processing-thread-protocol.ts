import type { LogLevel } from '../core/logger';
import type { FetchAllowEntry } from '../fetch/url-policy';
import type { RetryPolicy } from '../jobs/retry-policy';
import type { Durability } from '../store/open-store';
import type { ProcessingTally, SettledMessage } from './processing-waiters';

/** What the processing thread is started with (structured-cloned; no functions). */
export interface ProcessingThreadData {
  databaseFile: string;
  durability: Durability;
  nativeBinding?: string | undefined;
  retryPolicy: RetryPolicy;
  converterModule?: string | undefined;
  fetchAllow: readonly FetchAllowEntry[];
  boundHost?: string | undefined;
  batchBudgetMs: number;
  /** The id of the message the thread is working on (see messageSlot): what a crash is blamed on. */
  current: SharedArrayBuffer;
  /** The write gate's shared memory (processing-write-gate.ts): intake's priority on the write lock. */
  writeGate: SharedArrayBuffer;
}

/** Engine thread → processing thread. */
export type ToProcessingThread = { type: 'start' } | { type: 'wake' } | { type: 'stop' };

/** Processing thread → engine thread. */
export type FromProcessingThread =
  | { type: 'settled'; settled: readonly SettledMessage[]; tally: readonly ProcessingTally[] }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, string | number | boolean | undefined> | undefined }
  | { type: 'ready' }
  | { type: 'stopped' };

const SLOT_BYTES = 128;

/**
 * A message id shared between the threads without a message: the processing thread writes the id it
 * works on, so when the thread dies mid-message the engine thread still knows which one it was (the
 * batch's transaction, and anything posted, died with it).
 */
export const messageSlot = {
  create: (): SharedArrayBuffer => new SharedArrayBuffer(4 + SLOT_BYTES),
  write(slot: SharedArrayBuffer, messageId: string | undefined): void {
    const length = new Int32Array(slot, 0, 1);
    if (messageId === undefined) {
      Atomics.store(length, 0, 0);
      return;
    }
    const { written } = new TextEncoder().encodeInto(messageId, new Uint8Array(slot, 4, SLOT_BYTES));
    Atomics.store(length, 0, written);
  },
  read(slot: SharedArrayBuffer): string | undefined {
    const length = Atomics.load(new Int32Array(slot, 0, 1), 0);
    return length === 0 ? undefined : new TextDecoder().decode(new Uint8Array(slot, 4, length).slice());
  },
};
