import type { Transact } from '../store/transact';
import { importLine } from './bulk/import-line';
import { ndjsonTextLines } from './ndjson-file';
import type { FhirService } from './store-service';

export interface NdjsonIntakeResult {
  written: number;
  /** Lines that could not be stored (1-based), with why. */
  failures: { line: number; message: string }[];
}

/** Stores an NDJSON file's resources in the local FHIR store; returns what it wrote and which lines failed. */
export type NdjsonIntake = (tenantId: string, text: string) => NdjsonIntakeResult;

/**
 * Each line is written as `$import` writes it (an id: update-as-create; none: create), validated the
 * same way; the whole file in one transaction, a bad line recorded and skipped.
 */
export function createNdjsonIntake(fhir: FhirService, transact: Transact): NdjsonIntake {
  return (tenantId, text) =>
    transact(() => {
      const result: NdjsonIntakeResult = { written: 0, failures: [] };
      for (const { line, text: json } of ndjsonTextLines(text)) {
        try {
          importLine(fhir, tenantId, null, json);
          result.written += 1;
        } catch (error) {
          result.failures.push({ line, message: error instanceof Error ? error.message : 'the line could not be stored' });
        }
      }
      return result;
    });
}
