import type Database from 'better-sqlite3';
import type { JournalProgress } from './intake-journal';

export interface Backlog {
  /** Messages received and not yet processed (pending or being processed). */
  pending: number;
  /** When the first message still waiting (not yet taken by the worker) was queued: received, or queued again; null when none waits. */
  waitingSince: number | null;
}

/** The processing backlog, for health checks. */
export interface BacklogRepo {
  backlog(): Backlog;
}

/** Answered from the (status, next_attempt_at) index: no table scan. Messages still in the intake journal wait too. */
export function createBacklogRepo(sqlite: Database.Database, journal: Pick<JournalProgress, 'backlog'>): BacklogRepo {
  const pending = sqlite.prepare(`SELECT count(*) FROM hl7_messages WHERE status IN ('pending', 'processing')`).pluck();
  const first = sqlite.prepare(`SELECT min(rowid) FROM hl7_messages WHERE status = 'pending'`).pluck();
  const queuedAt = sqlite.prepare(`
    SELECT max(m.received_at, coalesce((SELECT max(a.started_at) FROM hl7_processing_attempts a WHERE a.message_id = m.id), 0))
    FROM hl7_messages m WHERE m.rowid = ?`).pluck();
  return {
    backlog(): Backlog {
      const count = pending.get() as number;
      const rowid = count > 0 ? (first.get() as number | null) : null;
      const filed = rowid === null ? null : (queuedAt.get(rowid) as number);
      const unfiled = journal.backlog();
      const since = [filed, unfiled.since].filter((at): at is number => at !== null);
      return { pending: count + unfiled.waiting, waitingSince: since.length === 0 ? null : Math.min(...since) };
    },
  };
}
