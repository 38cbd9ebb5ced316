import type { LogLevel } from '../core/logger';
import type { Durability } from '../store/open-store';

/** What the filing thread is started with (structured-cloned; no functions). */
export interface FilingThreadData {
  databaseFile: string;
  /** The intake journal it files into hl7_messages (store/intake-journal.ts). */
  journalFile: string;
  durability: Durability;
  nativeBinding?: string | undefined;
  /** Intake's priority on the journal's write lock (processing-write-gate.ts), shared with the engine thread. */
  journalGate: SharedArrayBuffer;
  /** One cell, 1 while a wake-up is posted and not yet taken: intake posts one per filing turn, not one per group. */
  doorbell: SharedArrayBuffer;
}

/** Engine thread → filing thread. */
export type ToFilingThread = { type: 'start' } | { type: 'wake' } | { type: 'stop' };

/** Filing thread → engine thread. */
export type FromFilingThread =
  | { type: 'filed' }
  | { type: 'log'; level: LogLevel; message: string; fields?: Record<string, string | number | boolean | undefined> | undefined }
  | { type: 'stopped' };
