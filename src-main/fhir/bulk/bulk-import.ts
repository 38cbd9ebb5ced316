import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { Transact } from '../../store/transact';
import type { FhirService } from '../fhir-service';
import { FhirError, fhirError } from '../outcome';

export interface BulkImportDeps {
  fhir: FhirService;
  transact: Transact;
  dataDir: string;
  fetch?: typeof fetch;
  /** Lines written per transaction (default 500); each line is its own savepoint. */
  chunkSize?: number;
}

export interface ImportInput {
  type: string | undefined;
  url: string;
}

export interface LineError {
  source: string;
  line: number;
  message: string;
}

export interface ImportResult {
  total: number;
  imported: number;
  errors: LineError[];
}

/** At most this many per-line issues go back in the OperationOutcome; the counts stay exact. */
const MAX_ISSUES = 1000;

type ParametersBody = { resourceType?: string; parameter?: { name?: string; part?: { name?: string; valueCode?: string; valueString?: string; valueUri?: string; valueUrl?: string }[] }[] };

/** The `input` parts of a $import Parameters body: each a resource type and a url. */
export function importInputs(body: unknown): ImportInput[] {
  const parameters = body as ParametersBody | undefined;
  if (parameters?.resourceType !== 'Parameters') throw fhirError(400, 'invalid', '$import needs a Parameters body or an application/fhir+ndjson body with ?_type=');
  const inputs = (parameters.parameter ?? []).filter((p) => p.name === 'input');
  if (inputs.length === 0) throw fhirError(400, 'required', '$import needs at least one input parameter', ['Parameters.parameter']);
  return inputs.map((input) => {
    const value = (name: string) => {
      const part = input.part?.find((p) => p.name === name);
      return part?.valueUri ?? part?.valueUrl ?? part?.valueCode ?? part?.valueString;
    };
    const url = value('url');
    if (!url) throw fhirError(400, 'required', 'Each input needs a url part', ['Parameters.parameter.part']);
    return { type: value('type'), url };
  });
}

/** Bulk Data $import of NDJSON: lines with an id keep it (update), others are created; a bad line never stops the rest. */
export function createBulkImportService(deps: BulkImportDeps) {
  const chunkSize = deps.chunkSize ?? 500;
  const importsDir = resolve(deps.dataDir, 'imports');
  const fetchFn = deps.fetch ?? fetch;

  function writeLine(tenantId: string, type: string | undefined, text: string): void {
    let resource: { resourceType?: unknown; id?: unknown };
    try {
      resource = JSON.parse(text) as typeof resource;
    } catch {
      throw fhirError(400, 'structure', 'The line is not valid JSON');
    }
    const resourceType = typeof resource.resourceType === 'string' ? resource.resourceType : '';
    if (!resourceType) throw fhirError(400, 'invalid', 'The line has no resourceType');
    if (type && resourceType !== type) throw fhirError(400, 'invalid', `The line is a ${resourceType}, not a ${type}`);
    if (typeof resource.id === 'string') deps.fhir.update(tenantId, resourceType, resource.id, resource);
    else deps.fhir.create(tenantId, resourceType, resource);
  }

  function importText(tenantId: string, type: string | undefined, source: string, text: string): ImportResult {
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const result: ImportResult = { total: 0, imported: 0, errors: [] };
    for (let start = 0; start < lines.length; start += chunkSize) {
      deps.transact(() => {
        lines.slice(start, start + chunkSize).forEach((line, offset) => {
          if (line.trim() === '') return;
          result.total += 1;
          try {
            writeLine(tenantId, type, line);
            result.imported += 1;
          } catch (error) {
            const message = error instanceof FhirError ? error.message : 'The line could not be stored';
            result.errors.push({ source, line: start + offset + 1, message });
          }
        });
      });
    }
    return result;
  }

  async function read(url: string): Promise<string> {
    if (/^https?:\/\//i.test(url)) {
      // Bounded in time; the caller already passed the API's access control (loopback or token).
      const response = await fetchFn(url, { signal: AbortSignal.timeout(60_000), redirect: 'error' }).catch((error: unknown) => {
        throw fhirError(400, 'not-found', `${url} could not be fetched (${error instanceof Error ? error.name : 'error'})`);
      });
      if (!response.ok) throw fhirError(400, 'not-found', `${url} answered ${response.status}`);
      return response.text();
    }
    const path = resolve(importsDir, url);
    const inside = relative(importsDir, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw fhirError(400, 'forbidden', `Local inputs must be files under ${join('<data dir>', 'imports')}`);
    try {
      return await readFile(path, 'utf8');
    } catch {
      throw fhirError(400, 'not-found', `${url} cannot be read`);
    }
  }

  return {
    importText,
    async importInputs(tenantId: string, inputs: ImportInput[]): Promise<ImportResult> {
      const result: ImportResult = { total: 0, imported: 0, errors: [] };
      for (const input of inputs) {
        const one = importText(tenantId, input.type, input.url, await read(input.url));
        result.total += one.total;
        result.imported += one.imported;
        result.errors.push(...one.errors);
      }
      return result;
    },
  };
}
export type BulkImportService = ReturnType<typeof createBulkImportService>;

export function importOutcome(result: ImportResult): OperationOutcome {
  const issues: OperationOutcomeIssue[] = result.errors.slice(0, MAX_ISSUES).map((e) => ({
    severity: 'error',
    code: 'processing',
    diagnostics: `${e.source} line ${e.line}: ${e.message}`,
    location: [`${e.source}#${e.line}`],
  }));
  const more = result.errors.length > MAX_ISSUES ? ` (${result.errors.length - MAX_ISSUES} more errors not listed)` : '';
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: `imported ${result.imported} of ${result.total}${more}` }, ...issues] };
}
