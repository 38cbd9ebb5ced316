import type { Hl7IntakeRepo } from '../store/hl7-intake-repo';

/** Cells of the gate's shared memory. */
const INTAKE_WANTS = 0;
const PROCESSING_HOLDS = 1;
/** The longest intake waits for processing's transaction before it leaves the rest to SQLite's busy handler. */
const INTAKE_MAX_WAIT_MS = 5_000;
/** How long processing sleeps at a time while intake wants the lock. */
const PROCESSING_WAIT_MS = 50;

export interface WriteGate {
  /** Shared with the processing thread (structured-cloned into it). */
  buffer: SharedArrayBuffer;
  /** Engine thread, around an intake write: waits for processing's write transaction to end, and holds off the next. */
  intake<T>(write: () => T): T;
  /** Processing thread, around its write transaction: waits while intake wants the lock; `intakeWaiting` says to end early. */
  processing<T>(write: (intakeWaiting: () => boolean) => T): T;
  /** After the processing thread died: it holds nothing any more. */
  release(): void;
}

/**
 * Intake's priority on the one SQLite write lock, across the two threads. Both connections would
 * otherwise meet in SQLite's busy handler, which sleeps 1, 2, 5, 10 … 100 ms between tries: intake,
 * blocked on the event loop that ACKs, would sleep past the end of processing's transaction while
 * processing took the lock again. Here intake says it wants the lock and waits exactly until
 * processing's transaction ends (Atomics.wait: woken by the release); processing takes no new
 * transaction while intake wants it and ends its batch early when intake starts waiting. SQLite's lock
 * stays the real exclusion: the gate only orders who asks.
 */
export function createWriteGate(buffer: SharedArrayBuffer = new SharedArrayBuffer(8)): WriteGate {
  const cells = new Int32Array(buffer);
  const release = (cell: number): void => {
    Atomics.store(cells, cell, 0);
    Atomics.notify(cells, cell);
  };
  return {
    buffer,
    intake(write) {
      Atomics.store(cells, INTAKE_WANTS, 1);
      try {
        const deadline = performance.now() + INTAKE_MAX_WAIT_MS;
        while (Atomics.load(cells, PROCESSING_HOLDS) === 1) {
          const left = deadline - performance.now();
          if (left <= 0) break;
          Atomics.wait(cells, PROCESSING_HOLDS, 1, left);
        }
        return write();
      } finally {
        release(INTAKE_WANTS);
      }
    },
    processing(write) {
      for (;;) {
        Atomics.store(cells, PROCESSING_HOLDS, 1);
        if (Atomics.load(cells, INTAKE_WANTS) === 0) break;
        release(PROCESSING_HOLDS);
        Atomics.wait(cells, INTAKE_WANTS, 1, PROCESSING_WAIT_MS);
      }
      try {
        return write(() => Atomics.load(cells, INTAKE_WANTS) === 1);
      } finally {
        release(PROCESSING_HOLDS);
      }
    },
    release: () => release(PROCESSING_HOLDS),
  };
}

/**
 * Intake's writes through the gates: the group commit goes to the intake journal, so it waits only for
 * filing's short journal transactions (never for processing's batches on the main database); the ACKs
 * it records may touch either file. The processing thread never holds both gates at once.
 */
export function gatedIntakeRepo(repo: Hl7IntakeRepo, gates: { main: WriteGate; journal: WriteGate }): Hl7IntakeRepo {
  const both = <T>(write: () => T): T => gates.journal.intake(() => gates.main.intake(write));
  return {
    ...repo,
    store: (records) => gates.journal.intake(() => repo.store(records)),
    recordAck: (id, code, payload) => both(() => repo.recordAck(id, code, payload)),
    recordFinalAck: (id, code, payload) => both(() => repo.recordFinalAck(id, code, payload)),
  };
}
