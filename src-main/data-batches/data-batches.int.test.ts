import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port';
import { PATIENT_MAPPING, patientCsv } from '../../test/support/patient-csv';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { encodeBatchFile } from '../hl7';

const corpus = resolve(import.meta.dirname, '../../../shared/corpus');

interface Batch {
  id: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  duplicates: number;
  error: string | null;
  files: { name: string; records: number; url: string }[];
}

describe('data import and export batches', () => {
  let engine: TempEngine;
  const api = async <T,>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${engine.url}api/v1/${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text) as T };
  };
  const finished = async (kind: 'data-import-batches' | 'data-export-batches', id: string): Promise<Batch> => {
    for (let i = 0; i < 2400; i++) {
      const { body } = await api<Batch>(`${kind}/${id}`);
      if (body.status === 'completed' || body.status === 'failed') return body;
      await new Promise((done) => setTimeout(done, 100));
    }
    throw new Error(`batch ${id} did not finish`);
  };
  const count = async (type: string): Promise<number> => {
    const response = await fetch(`${engine.url}fhir/R4/${type}?_summary=count`);
    return ((await response.json()) as { total: number }).total;
  };

  beforeAll(async () => {
    engine = await startTempEngine({ dataBatches: { maxFileChars: 4 * 1024 * 1024 } });
  });
  afterAll(() => engine.dispose());

  it('imports a CSV of 10,000 rows with every bad row reported by line, none lost, and the same file again creates nothing new', async () => {
    const { text, bad } = patientCsv(10_000);
    const created = await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'patients.csv', format: 'csv', content: text, mapping: PATIENT_MAPPING } });
    expect(created.status).toBe(202);
    expect(created.body.total).toBe(10_000);
    const first = await finished('data-import-batches', created.body.id);
    expect(first).toMatchObject({ status: 'completed', total: 10_000, processed: 10_000, failed: bad.length, succeeded: 10_000 - bad.length, duplicates: 0 });
    expect(await count('Patient')).toBe(10_000 - bad.length);

    const errors = await api<{ data: { line: number; errorCode: string; errorMessage: string }[]; total: number }>(`data-import-batches/${created.body.id}/errors?pageSize=500`);
    expect(errors.body.total).toBe(bad.length);
    expect(errors.body.data.map((e) => e.line)).toEqual(bad);
    const dateError = errors.body.data.find((e) => e.line === 98);
    expect(dateError?.errorCode).toBe('MAP_BAD_DATE');
    expect(dateError?.errorMessage).toContain('birth_date');
    const genderError = errors.body.data.find((e) => e.line === 102);
    expect(genderError?.errorCode).toMatch(/^FHIR_/);
    // Messages name columns, codes and paths, never the cell's value.
    for (const e of errors.body.data) expect(e.errorMessage).not.toMatch(/someday|robot|doe\d/i);

    const files = await api<{ name: string; url: string }[]>(`data-import-batches/${created.body.id}/files`);
    const report = files.body.find((f) => f.name === 'errors.csv');
    const csv = await (await fetch(new URL(report?.url ?? '', engine.url))).text();
    expect(csv.trim().split('\r\n')).toHaveLength(bad.length + 1);
    expect(csv.split('\r\n')[1]).toMatch(/^98,MAP_BAD_DATE,/);

    const again = await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'patients-again.csv', format: 'csv', content: text, mapping: PATIENT_MAPPING } });
    const second = await finished('data-import-batches', again.body.id);
    expect(second).toMatchObject({ status: 'completed', total: 10_000, succeeded: 10_000 - bad.length, duplicates: 10_000 - bad.length, failed: bad.length });
    expect(await count('Patient')).toBe(10_000 - bad.length);
  }, 240_000);

  it('imports the FHIR corpus as NDJSON through the store’s validation, and a second time writes no new version', async () => {
    const dir = join(corpus, 'fhir');
    const resources = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '')) as { resourceType: string; id?: string })
      .filter((r) => r.resourceType !== 'Bundle');
    const ndjson = `${resources.map((r) => JSON.stringify(r)).join('\n')}\n{not json\n`;
    const created = await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'corpus.ndjson', format: 'fhir-ndjson', content: ndjson } });
    const done = await finished('data-import-batches', created.body.id);
    expect(done.total).toBe(resources.length + 1);
    expect(done.succeeded + done.failed).toBe(done.total);
    expect(done.succeeded).toBeGreaterThan(resources.length / 2);
    const errors = await api<{ data: { line: number; errorCode: string }[] }>(`data-import-batches/${created.body.id}/errors`);
    expect(errors.body.data).toContainEqual(expect.objectContaining({ line: resources.length + 1, errorCode: 'FHIR_STRUCTURE' }));

    const withId = resources.find((r) => typeof r.id === 'string') as { resourceType: string; id: string };
    const before = (await (await fetch(`${engine.url}fhir/R4/${withId.resourceType}/${withId.id}`)).json()) as { meta: { versionId: string } };
    const again = await finished('data-import-batches', (await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'corpus.ndjson', format: 'fhir-ndjson', content: ndjson } })).body.id);
    expect(again.duplicates).toBe(done.succeeded);
    const after = (await (await fetch(`${engine.url}fhir/R4/${withId.resourceType}/${withId.id}`)).json()) as { meta: { versionId: string } };
    expect(after.meta.versionId).toBe(before.meta.versionId);
  });

  it('stores the messages of an HL7 batch file (FHS/BHS) through intake under the chosen connector, and processes them', async () => {
    const connector = await api<{ id: string }>('connectors', { method: 'POST', body: { name: 'batch files', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port: await freePort() } });
    const dir = join(corpus, 'hl7v2');
    const messages = readdirSync(dir)
      .filter((f) => /ADT/i.test(f) && f.endsWith('.hl7'))
      .map((f) => readFileSync(join(dir, f), 'latin1'))
      .filter((m) => /^MSH\|\^~\\&\|/.test(m) && !/\nMSH|\rMSH/.test(m.slice(3)))
      .slice(0, 8)
      .map((m, i) => m.replace(/^(MSH(?:\|[^|\r\n]*){8}\|)[^|\r\n]*/, `$1BATCH-${i}`));
    expect(messages.length).toBeGreaterThan(3);
    const file = encodeBatchFile(messages, { createdAt: new Date('2024-05-01T10:00:00Z'), fileControlId: 'F1', sendingApplication: 'LAB' });
    const created = await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'adt.hl7', format: 'hl7-batch', content: file, connectorId: connector.body.id } });
    expect(created.status).toBe(202);
    const done = await finished('data-import-batches', created.body.id);
    expect(done).toMatchObject({ status: 'completed', total: messages.length, succeeded: messages.length, failed: 0 });
    const records = await api<{ data: { line: number; reference: string }[] }>(`data-import-batches/${created.body.id}/records`);
    expect(records.body.data[0]?.line).toBe(3);
    for (const r of records.body.data) expect(r.reference).toMatch(/^MSG_/);

    let log: { data: { id: string; status: string; remoteAddress: string | null }[]; total: number } = { data: [], total: 0 };
    for (let i = 0; i < 300; i++) {
      log = (await api<typeof log>(`hl7-messages?connectorId=${connector.body.id}&pageSize=50`)).body;
      if (log.total === messages.length && log.data.every((m) => m.status === 'processed' || m.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(log.total).toBe(messages.length);
    expect(log.data.some((m) => m.status === 'processed')).toBe(true);
    const one = await api<{ remoteAddress: string }>(`hl7-messages/${records.body.data[0]?.reference}`);
    expect(one.body.remoteAddress).toBe(`import:${created.body.id}`);

    const again = await finished('data-import-batches', (await api<Batch>('data-import-batches', { method: 'POST', body: { fileName: 'adt.hl7', format: 'hl7-batch', content: file, connectorId: connector.body.id } })).body.id);
    expect(again.duplicates).toBe(messages.length);
    expect((await api<{ total: number }>(`hl7-messages?connectorId=${connector.body.id}`)).body.total).toBe(messages.length);
  });

  it('exports Patients as NDJSON and the message log as CSV with PHI masked on request', async () => {
    const patients = await count('Patient');
    const ndjson = await api<Batch>('data-export-batches', { method: 'POST', body: { format: 'fhir-ndjson', resourceTypes: ['Patient'] } });
    expect(ndjson.status).toBe(202);
    const done = await finished('data-export-batches', ndjson.body.id);
    expect(done).toMatchObject({ status: 'completed', succeeded: patients, total: patients });
    const file = done.files.find((f) => f.name === 'Patient.ndjson');
    const lines = (await (await fetch(new URL(file?.url ?? '', engine.url))).text()).trim().split('\n');
    expect(lines).toHaveLength(patients);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { id: string }).id)).size).toBe(patients);

    const none = await finished('data-export-batches', (await api<Batch>('data-export-batches', { method: 'POST', body: { format: 'fhir-ndjson', resourceTypes: ['Patient'], since: '2999-01-01' } })).body.id);
    expect(none).toMatchObject({ status: 'completed', succeeded: 0 });

    const masked = await finished('data-export-batches', (await api<Batch>('data-export-batches', { method: 'POST', body: { format: 'message-log-csv', maskPhi: true } })).body.id);
    const plain = await finished('data-export-batches', (await api<Batch>('data-export-batches', { method: 'POST', body: { format: 'message-log-csv', maskPhi: false } })).body.id);
    const read = async (b: Batch) => (await api<{ content: string }>(`data-export-batches/${b.id}/files/message-log.csv/content`)).body.content;
    const maskedCsv = await read(masked);
    const plainCsv = await read(plain);
    expect(masked.succeeded).toBeGreaterThan(3);
    expect(maskedCsv.split('\r\n')[0]).toBe('id,receivedAt,connectorId,messageType,messageControlId,sendingApplication,sendingFacility,status,errorCode,patientId,patientName,message');
    const names = [...plainCsv.matchAll(/\rPID\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|([^|^]+)/g)].map((m) => m[1]).filter((n): n is string => n !== undefined && n.length > 2);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(maskedCsv).not.toContain(name);
  });

  it('refuses a file larger than the limit with 413, and a mapping that names an unknown column with 422', async () => {
    const big = await api<{ error: { code: string } }>('data-import-batches', { method: 'POST', body: { fileName: 'big.ndjson', format: 'fhir-ndjson', content: 'x'.repeat(4 * 1024 * 1024 + 1) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('DATA_IMPORT_FILE_TOO_LARGE');
    const mapping = { ...PATIENT_MAPPING, columns: [{ column: 'nope', target: 'name[0].family' }] };
    const bad = await api<{ error: { code: string } }>('data-import-batches', { method: 'POST', body: { fileName: 'p.csv', format: 'csv', content: 'mrn\n1\n', mapping } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('DATA_IMPORT_MAPPING_INVALID');
    const preview = await api<{ columns: string[]; rows: string[][]; mapped: { resource: { name: { family: string }[] } | null }[] }>('data-import-batches/preview', { method: 'POST', body: { content: patientCsv(30).text, mapping: PATIENT_MAPPING, rows: 5 } });
    expect(preview.body.columns).toEqual(['mrn', 'family', 'given', 'birth_date', 'gender']);
    expect(preview.body.rows).toHaveLength(5);
    expect(preview.body.mapped[0]?.resource?.name[0]?.family).toBe('Doe1');
  });
});
