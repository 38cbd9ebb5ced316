import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdGenerator } from '../../src-main/core/ids';
import { createHl7IntakeRepo, type IntakeRecord, type IntakeResult } from '../../src-main/store/hl7-intake-repo';
import { createIntakeFilingRepo } from '../../src-main/store/intake-filing-repo';
import { openIntakeJournal } from '../../src-main/store/intake-journal';

/**
 * Stores messages as intake does (journal, one group) and files them into `main`'s hl7_messages at once,
 * as the processing thread would: for tests and benches that need messages in the log without MLLP.
 */
export function storeAndFile(main: Database.Database, records: IntakeRecord[], ids: IdGenerator): IntakeResult[] {
  const dir = mkdtempSync(join(tmpdir(), 'interop-journal-'));
  const journal = openIntakeJournal(join(dir, 'intake.db'));
  try {
    const results = createHl7IntakeRepo(journal, main, ids).store(records);
    const filing = createIntakeFilingRepo(journal, main, ids, 'NORMAL');
    while (filing.fileBatch(1000).filed > 0);
    return results;
  } finally {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
