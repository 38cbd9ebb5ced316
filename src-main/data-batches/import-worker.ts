import { readFileSync } from 'node:fs';
import type { CsvMapping, DataImportFormat } from '../../src-shared';
import { AppError } from '../core/errors';
import type { Clock } from '../core/clock';
import { importLine } from '../fhir/bulk/import-line';
import type { FhirService } from '../fhir/store-service';
import type { Intake, IntakeConnector } from '../messages/intake';
import type { BatchProgress, DataBatchesRepo, ImportBatchRow, ImportRecordRow } from '../store/data-batches-repo';
import type { Transact } from '../store/transact';
import { mapCsvRow } from './csv-mapping';
import { readImportItems, type ImportItem, type ImportItems } from './import-items';
import { recordErrorOf } from './record-error';

export interface ImportWorkerDeps {
  repo: DataBatchesRepo;
  fhir: FhirService;
  transact: Transact;
  /** Intake's file path: HL7 messages are stored, deduplicated and processed as MLLP frames are. */
  intake: Pick<Intake, 'acceptFromFile'>;
  /** The intake view of a batch's connector (its message-type policy), or undefined when it is gone. */
  intakeConnector(tenantId: string, connectorId: string): IntakeConnector | undefined;
  clock: Clock;
  /** Items per chunk: one transaction, one checkpoint. */
  chunkSize: number;
}

type Outcome = Pick<ImportRecordRow, 'status' | 'reference' | 'errorCode' | 'errorMessage'>;

const failure = (error: unknown): Outcome => {
  const { code, message } = recordErrorOf(error);
  return { status: 'failed', reference: null, errorCode: code, errorMessage: message };
};
const written = (reference: string): Outcome => ({ status: 'succeeded', reference, errorCode: null, errorMessage: null });

/** The key that makes a line of a file a duplicate in any later batch of the tenant. */
export const recordKeyOf = (fileHash: string, line: number): string => `${fileHash}:${line}`;

/**
 * Works one chunk of an import batch at a time. A chunk's FHIR writes, its record rows and the batch's new
 * checkpoint commit in one transaction, so a crash loses or repeats nothing. HL7 messages go through intake
 * first (its own commit and fsync), then the records and checkpoint commit: a crash in between replays those
 * messages, which intake's dedup counts as duplicates of the ones it kept, so the records are the same.
 */
export function createImportWorker(deps: ImportWorkerDeps) {
  /** Parsed files of the batches being worked, so a chunk does not read its file again. */
  const parsed = new Map<string, ImportItems>();

  const itemsOf = (batch: ImportBatchRow): ImportItems => {
    let items = parsed.get(batch.id);
    if (!items) {
      const mapping = batch.mapping as CsvMapping | null;
      items = readImportItems(batch.format as DataImportFormat, readFileSync(batch.location, 'utf8'), mapping?.delimiter ?? ',');
      parsed.clear();
      parsed.set(batch.id, items);
    }
    return items;
  };

  function storeItem(batch: ImportBatchRow, columns: readonly string[], item: ImportItem): Outcome {
    try {
      if ('values' in item) {
        const mapped = mapCsvRow(batch.mapping as CsvMapping, columns, item.values);
        if (!mapped.ok) return { status: 'failed', reference: null, errorCode: mapped.errors[0]?.code ?? 'DATA_IMPORT_MAPPING_FAILED', errorMessage: mapped.errors.map((e) => e.message).join('; ').slice(0, 500) };
        const { resource } = deps.fhir.create(batch.tenantId, String(mapped.resource.resourceType), mapped.resource);
        return written(`${resource.resourceType}/${resource.id as string}`);
      }
      const { resource } = importLine(deps.fhir, batch.tenantId, null, item.text);
      return written(`${resource.resourceType}/${resource.id as string}`);
    } catch (error) {
      return failure(error);
    }
  }

  async function acceptMessages(batch: ImportBatchRow, items: readonly ImportItem[]): Promise<Map<number, Outcome>> {
    const connector = batch.connectorId === null ? undefined : deps.intakeConnector(batch.tenantId, batch.connectorId);
    if (!connector) throw new AppError('not_found', 'INTEROP_CONNECTOR_NOT_FOUND', `The connector ${batch.connectorId ?? ''} of import ${batch.id} no longer exists`);
    const source = `import:${batch.id}`;
    const outcomes = await Promise.all(
      items.map(async (item): Promise<[number, Outcome]> => {
        if (!('text' in item)) return [item.line, failure(undefined)];
        const result = await deps.intake.acceptFromFile(connector, Buffer.from(item.text, 'utf8'), source);
        if (result.status === 'failed') return [item.line, { status: 'failed', reference: result.id, errorCode: 'DATA_IMPORT_MESSAGE_REJECTED', errorMessage: `The message starting at line ${item.line} was refused at intake; it is in the message log as failed` }];
        return [item.line, { ...written(result.id), status: result.duplicate ? 'duplicate' : 'succeeded' }];
      }),
    );
    return new Map(outcomes);
  }

  return {
    /** Works the batch's next chunk; true when the batch is finished (completed or failed). */
    async step(batch: ImportBatchRow): Promise<boolean> {
      let file: ImportItems;
      try {
        file = itemsOf(batch);
      } catch (error) {
        const said = error instanceof AppError ? error.message : 'The file could not be read';
        deps.transact(() => deps.repo.saveImportChunk(batch.tenantId, batch.id, [], { status: 'failed', checkpoint: batch.checkpoint, total: batch.totalRecords, succeeded: batch.succeededRecords, failed: batch.failedRecords, duplicates: batch.duplicateRecords, error: said }, deps.clock.now()));
        return true;
      }
      const chunk = file.items.slice(batch.checkpoint, batch.checkpoint + deps.chunkSize);
      const keys = chunk.map((item) => recordKeyOf(batch.fileHash, item.line));
      const earlier = deps.repo.succeededKeys(batch.tenantId, keys);
      const fresh = chunk.filter((item) => !earlier.has(recordKeyOf(batch.fileHash, item.line)));
      const messages = batch.format === 'hl7-batch' ? await acceptMessages(batch, fresh) : undefined;
      const total = file.items.length;
      return deps.transact(() => {
        const progress: BatchProgress = { status: 'running', checkpoint: batch.checkpoint + chunk.length, total, succeeded: batch.succeededRecords, failed: batch.failedRecords, duplicates: batch.duplicateRecords };
        const records = chunk.map((item): ImportRecordRow => {
          const recordKey = recordKeyOf(batch.fileHash, item.line);
          const outcome: Outcome = earlier.has(recordKey)
            ? { status: 'duplicate', reference: earlier.get(recordKey) ?? null, errorCode: null, errorMessage: null }
            : (messages?.get(item.line) ?? storeItem(batch, file.columns, item));
          if (outcome.status === 'failed') progress.failed += 1;
          else progress.succeeded += 1;
          if (outcome.status === 'duplicate') progress.duplicates += 1;
          return { line: item.line, recordKey, ...outcome };
        });
        if (progress.checkpoint >= total) progress.status = 'completed';
        deps.repo.saveImportChunk(batch.tenantId, batch.id, records, progress, deps.clock.now());
        if (progress.status === 'completed') parsed.delete(batch.id);
        return progress.status === 'completed';
      });
    },
    forget(): void {
      parsed.clear();
    },
  };
}
export type ImportWorker = ReturnType<typeof createImportWorker>;
