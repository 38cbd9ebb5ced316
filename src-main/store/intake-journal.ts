import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { privateFile } from './private-files';

/** The intake journal's file, beside the main database in the data dir. */
export const INTAKE_JOURNAL_FILE = 'intake.db';

const SCHEMA_VERSION = 1;

/**
 * One table of received frames waiting to be filed into hl7_messages, with the columns intake knows and
 * the dedup key; `rev` counts changes made to a row after it was written (its ACK, resends counted on
 * it), so filing deletes only the version it copied. Resends of messages already filed wait in
 * intake_duplicates until filing adds them to the message's count. The file holds only what is in
 * flight, so its schema is created here rather than through the main database's migrations.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS intake_journal (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    tenant_id TEXT NOT NULL,
    connector_id TEXT NOT NULL,
    raw BLOB NOT NULL,
    charset TEXT,
    sending_application TEXT,
    sending_facility TEXT,
    receiving_application TEXT,
    receiving_facility TEXT,
    message_type TEXT,
    message_control_id TEXT,
    content_hash TEXT NOT NULL,
    version_id TEXT,
    patient_id TEXT,
    patient_name TEXT,
    order_numbers TEXT,
    other_patient_ids TEXT,
    remote_address TEXT,
    received_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    ack_code TEXT,
    ack_payload TEXT,
    error_code TEXT,
    error_message TEXT,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    rev INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX IF NOT EXISTS intake_journal_dedup_uq ON intake_journal (connector_id, message_control_id, sending_application, content_hash) WHERE accepted = 1;
  CREATE TABLE IF NOT EXISTS intake_duplicates (
    message_id TEXT PRIMARY KEY,
    count INTEGER NOT NULL
  ) WITHOUT ROWID;
`;

export interface IntakeJournalOptions {
  nativeBinding?: string | undefined;
  /**
   * `filing`: this connection's commits never checkpoint the write-ahead log. A checkpoint copies the
   * log into the file and fsyncs both: on intake's connection it would stall the event loop that ACKs,
   * on filing's it would run inside the journal gate intake waits on. Filing checkpoints explicitly,
   * outside the gate (store/intake-filing-repo.ts).
   */
  checkpointedBy?: 'commits' | 'filing';
}

/**
 * Opens (creating) the intake journal: WAL, synchronous NORMAL (intake makes FULL connectors' groups
 * durable with its own WAL fsync), the same 0600 file modes as the main database.
 */
export function openIntakeJournal(file: string, options: IntakeJournalOptions = {}): Database.Database {
  const { nativeBinding } = options;
  closeSync(openSync(file, 'a', 0o600));
  const modes = (): void => [file, `${file}-wal`, `${file}-shm`].forEach(privateFile);
  modes();
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  modes();
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  if (options.checkpointedBy === 'filing') db.pragma('wal_autocheckpoint = 0');
  if ((db.pragma('user_version', { simple: true }) as number) < SCHEMA_VERSION) {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }
  return db;
}

/** How far filing is behind intake, read on the engine thread. */
export interface JournalProgress {
  /** The newest and oldest rows still in the journal (null when it is empty). */
  newest(): number | null;
  oldest(): number | null;
  /** Resends of filed messages not yet counted on them. */
  uncountedResends(): boolean;
  /** Accepted messages waiting to be filed, and when the first of them was received. */
  backlog(): { waiting: number; since: number | null };
}

export function createJournalProgress(db: Database.Database): JournalProgress {
  const newest = db.prepare('SELECT max(seq) FROM intake_journal').pluck();
  const oldest = db.prepare('SELECT min(seq) FROM intake_journal').pluck();
  const backlog = db.prepare('SELECT count(*) AS waiting, min(received_at) AS since FROM intake_journal WHERE accepted = 1');
  const resends = db.prepare('SELECT EXISTS (SELECT 1 FROM intake_duplicates)').pluck();
  return {
    newest: () => newest.get() as number | null,
    oldest: () => oldest.get() as number | null,
    uncountedResends: () => resends.get() === 1,
    backlog: () => backlog.get() as { waiting: number; since: number | null },
  };
}
