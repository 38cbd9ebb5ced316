import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

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
  it('prints the FHIR transaction Bundle a corpus ORU maps to, with its Observations', async () => {
    const result = await cli('fhir', path.join(corpus, 'msfc_LAB-ORU-1.hl7'));
    expect(result.code).toBe(0);
    const bundle = JSON.parse(result.stdout) as { resourceType: string; type: string; entry: { resource: { resourceType: string } }[] };
    expect([bundle.resourceType, bundle.type]).toEqual(['Bundle', 'transaction']);
    expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'DiagnosticReport', 'Observation']));
    expect(result.stderr).toMatch(/^profile: .+ v\d+/);
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
