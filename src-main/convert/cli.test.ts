import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const corpus = path.resolve(repo, '../shared/corpus/hl7v2');

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'cli.ts'), ...args], { cwd: repo });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('hl7 CLI as a process', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hl7-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the FHIR transaction Bundle a corpus ORU maps to, with its Observations', async () => {
    const result = await cli('fhir', path.join(corpus, 'msfc_LAB-ORU-1.hl7'));
    expect(result.code).toBe(0);
    const bundle = JSON.parse(result.stdout) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };
    expect([bundle.resourceType, bundle.type]).toEqual(['Bundle', 'transaction']);
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'DiagnosticReport', 'Observation']));
    expect(result.stderr).toMatch(/^profile: .+ v\d+/);
  });

  it('prints one Bundle per line for each message of a corpus batch file, exit 0', async () => {
    const result = await cli('fhir', path.join(corpus, 'batch/cdcdex_GenV1_Batch_No_headers_twoMSH.hl7'));
    expect(result.code).toBe(0);
    const bundles = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { resourceType: string; type: string });
    expect(bundles.map((b) => [b.resourceType, b.type])).toEqual([['Bundle', 'transaction'], ['Bundle', 'transaction']]);
    expect(result.stderr).toMatch(/^message 1 of 2: profile: /m);
    expect(result.stderr).toMatch(/^message 2 of 2: profile: /m);
  });

  it('converts the messages of an FHS/BHS batch around a broken one, names the broken one on stderr and exits 1', async () => {
    const message = (name: string): string => readFileSync(path.join(corpus, name), 'latin1').trimEnd().replace(/\r\n|\r|\n/g, '\r\n');
    const broken = 'MSH|^~\\&|LAB|FAC|EHR|HOSP|20240101||^|BROKEN1|P|2.5.1\r\nPID|1||1\r\n';
    const file = path.join(dir, 'batch-with-broken.hl7');
    writeFileSync(file, `FHS|^~\\&\r\nBHS|^~\\&\r\n${message('msfc_LAB-ORU-1.hl7')}\r\n${broken}${message('msfc_ADT-A01-02.hl7')}\r\nBTS|3\r\nFTS|1\r\n`, 'latin1');
    const result = await cli('fhir', file);
    expect(result.code).toBe(1);
    const types = result.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { entry: { resource: { resourceType: string } }[] }).entry.map((e) => e.resource.resourceType));
    expect(types).toHaveLength(2);
    expect(types[0]).toContain('DiagnosticReport');
    expect(types[1]).toContain('Encounter');
    expect(result.stderr).toMatch(/^error: .*batch-with-broken\.hl7: message 2 of 3: INTEROP_NO_MAPPING_PROFILE: /m);
    expect(result.stderr).toMatch(/1 of 3 messages failed to convert/);
  });

  it('inspects a corpus message field by field', async () => {
    const result = await cli('inspect', path.join(corpus, 'msfc_ADT-A01-02.hl7'));
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^MSH\s+Message Header$/);
    expect(lines.find((l) => l.startsWith('MSH-9 '))).toMatch(/^MSH-9\s+Message Type\s+ADT\^A01\^ADT_A01$/);
    expect(lines.some((l) => /^PID-5\s+Patient Name\s+\S/.test(l))).toBe(true);
  });

  it('prints the ACK for a corpus message', async () => {
    const result = await cli('ack', path.join(corpus, 'msfc_ADT-A01-02.hl7'), '--code', 'AE', '--control-id', 'ACK1', '--timestamp', '20240101');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l !== '').map((l) => l.slice(0, 3))).toEqual(['MSH', 'MSA']);
    expect(result.stdout).toMatch(/^MSA\|AE\|/m);
  });

  it('fails a malformed file with one line on stderr and exit code 1', async () => {
    const result = await cli('inspect', path.join(corpus, 'malformed/cdcdex_Lyme_WithBadDelimiters.hl7'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/HL7_BAD_ENCODING_CHARS: .*\(line 1, segment 1, offset 4\)/);
  });

  it('prints usage and exits 2 on bad usage', async () => {
    const result = await cli('frobnicate');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^usage: npm run hl7/);
  });
});
