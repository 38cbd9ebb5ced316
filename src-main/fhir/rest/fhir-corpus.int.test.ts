import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { Client } from 'fhir-kit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTempEngine, type TempEngine } from '../../../test/support/temp-engine';

const corpusDir = resolve(import.meta.dirname, '../../../../shared/corpus/fhir');
const readCorpus = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, '')) as Resource;
const corpusFiles = readdirSync(corpusDir).filter((f) => f.endsWith('.json'));

/**
 * Corpus files that are not valid R4 (or, for the spec's transaction example, cannot succeed on an
 * empty server): each must be refused with this status, and the OperationOutcome must name the cause.
 */
const REFUSED: Record<string, { status: number; names: string }> = {
  'msfc_ObservationBundle.json': { status: 422, names: 'bdl-4' },
  // $lookup is a CodeSystem operation; ValueSet/$lookup does not exist, so the whole transaction fails.
  'msfs_Bundle-Transaction.json': { status: 400, names: 'ValueSet/$lookup is not an operation' },
  // Entry 0's Patient has "system": "" (R4 JSON has no empty strings); its ImagingStudy.series[0].modality is wrong too.
  'msfs_Bundle-TransactionWithConditionalCreateAndReference.json': { status: 422, names: 'Patient.identifier[0].system' },
  // Its Observations name their subject by the conditional reference Patient?identifier=12345, which matches no Patient here.
  'msfs_Bundle-TransactionWithConditionalReferenceInResourceBody.json': { status: 412, names: 'Patient?identifier=12345' },
  'msfs_Observation-For-Patient-f001.json': { status: 422, names: 'Observation.interpretation' },
  'msfs_ObservationWithTemperature.json': { status: 422, names: 'Observation.interpretation' },
  'msfs_ProvenanceHeader.json': { status: 422, names: 'Provenance.target' },
  'msfs_Sequence.json': { status: 422, names: 'msq-5' },
  'msfs_SmartPatientA.json': { status: 422, names: 'Appointment.participant[0].status' },
};

/** Batch entries that fail on their own (the rest of the batch still succeeds), by file and entry index. */
const BATCH_ENTRY_FAILURES: Record<string, Record<number, string>> = {
  // 4: If-Match W/"3a" is not an ETag; 7: ValueSet/$lookup is not an operation; 9: Patient/12334 does not exist.
  'msfs_Bundle-Batch.json': { 4: '400', 7: '400', 9: '404' },
};

/** Search values a client would use to find this resource again, for the parameters the server declares. */
function probes(resource: Resource, declared: ReadonlySet<string>): [string, string][] {
  const r = resource as unknown as Record<string, unknown> & { identifier?: { system?: string; value?: string }[]; code?: { coding?: { system?: string; code?: string }[] } };
  const found: [string, string][] = [];
  const add = (name: string, value: string | undefined) => {
    if (value && declared.has(name)) found.push([name, value]);
  };
  const identifier = r.identifier?.find((i) => i.value);
  add('identifier', identifier && (identifier.system ? `${identifier.system}|${identifier.value}` : identifier.value));
  const coding = r.code?.coding?.find((c) => c.code);
  add('code', coding && (coding.system ? `${coding.system}|${coding.code}` : coding.code));
  const subject = (r.subject as { reference?: string } | undefined)?.reference;
  if (subject && /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]+$/.test(subject)) add('subject', subject);
  add('status', typeof r.status === 'string' ? r.status : undefined);
  if (resource.resourceType === 'Patient' || resource.resourceType === 'Practitioner') {
    add('family', (r.name as { family?: string }[] | undefined)?.find((n) => n.family)?.family);
    add('gender', r.gender as string | undefined);
  }
  add('birthdate', r.birthDate as string | undefined);
  return found;
}

describe('every corpus FHIR resource through fhir-kit-client', () => {
  let engine: TempEngine;
  let client: Client;
  let declared: Map<string, Set<string>>;
  const stored: Resource[] = [];

  beforeAll(async () => {
    engine = await startTempEngine();
    client = new Client({ baseUrl: `${engine.url}fhir/R4` });
    const statement = (await client.capabilityStatement()) as unknown as CapabilityStatement;
    declared = new Map((statement.rest?.[0]?.resource ?? []).map((r) => [r.type, new Set((r.searchParam ?? []).map((p) => p.name))]));
  }, 60_000);
  afterAll(() => engine.dispose());

  const readBack = async (location: string | undefined) => {
    const [type, id] = (location ?? '').split('/');
    if (type && id) stored.push((await client.read({ resourceType: type, id })) as unknown as Resource);
  };

  it.each(corpusFiles)('loads %s, or refuses it naming what is wrong', async (file) => {
    const body = readCorpus(corpusDir, file);
    const bundle = body as Bundle;
    const isBatch = body.resourceType === 'Bundle' && (bundle.type === 'batch' || bundle.type === 'transaction');
    const sent = isBatch ? (bundle.type === 'batch' ? client.batch({ body: body as never }) : client.transaction({ body: body as never })) : client.create({ resourceType: body.resourceType, body: body as never });
    const refusal = REFUSED[file];
    if (refusal) {
      const error = await sent.then(
        () => undefined,
        (e: { response?: { status: number; data: unknown } }) => e.response,
      );
      expect(error?.status, file).toBe(refusal.status);
      expect(JSON.stringify(error?.data)).toContain(refusal.names);
      return;
    }
    const answer = (await sent) as unknown as Resource;
    if (!isBatch) {
      stored.push(answer);
      return;
    }
    const failures = BATCH_ENTRY_FAILURES[file] ?? {};
    const entries = (answer as Bundle).entry ?? [];
    expect(entries).toHaveLength(bundle.entry?.length ?? 0);
    for (const [i, entry] of entries.entries()) {
      const expected = failures[i];
      if (expected) expect(entry.response?.status, `${file} entry ${i}`).toBe(expected);
      else {
        expect(entry.response?.status, `${file} entry ${i}: ${JSON.stringify(entry.response?.outcome)}`).toMatch(/^(200|201|204)/);
        if (entry.response?.location && bundle.entry?.[i]?.request?.method !== 'DELETE') await readBack(entry.response.location);
      }
    }
  });

  it('finds every stored corpus resource again by _id and by each of its search parameters', async () => {
    expect(stored.length).toBeGreaterThan(200);
    let probed = 0;
    for (const resource of stored) {
      for (const [name, value] of [['_id', resource.id as string] as [string, string], ...probes(resource, declared.get(resource.resourceType) ?? new Set())]) {
        const searchParams = name === '_id' ? { _id: value } : { _id: resource.id as string, [name]: value };
        const bundle = (await client.search({ resourceType: resource.resourceType, searchParams })) as unknown as Bundle;
        expect(bundle.total, `${resource.resourceType}/${resource.id} by ${name}=${value}`).toBe(1);
        probed++;
      }
    }
    expect(probed).toBeGreaterThan(stored.length * 2);
  });
});
