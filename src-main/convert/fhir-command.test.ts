import { describe, expect, it } from 'vitest';
import type { Converter } from './converter';
import { runFhirCommand } from './fhir-command';

const files: Record<string, string> = {
  'oru.hl7': 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\rPID|1||42\r',
  'qry.hl7': 'MSH|^~\\&|LAB|F|EHR|F|20260101||QRY^A19|C2|P|2.5.1\r',
  'bad.hl7': 'PID|1||42\r',
  'batch.hl7': 'FHS|^~\\&\nBHS|^~\\&\nMSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\nPID|1||41\nMSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C2|P|2.5.1\nPID|1||42\nBTS|2\nFTS|1\n',
  'middle.hl7': 'MSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C1|P|2.5.1\r\nPID|1||41\r\nMSH|^~\\&|LAB|F|EHR|F|20260101||QRY^A19|C2|P|2.5.1\r\nMSH|^~\\&|LAB|F|EHR|F|20260101||ORU^R01|C3|P|2.5.1\r\nPID|1||43\r\n',
};
const patientIds = (stdout: string[]): string[] => stdout.map((line) => (JSON.parse(line) as { entry: { resource: { identifier: { value: string }[] } }[] }).entry[0]!.resource.identifier[0]!.value);
const read = (path: string): Uint8Array => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return Buffer.from(text);
};
const convert: Converter = (message) =>
  message.header.messageType === 'ORU^R01'
    ? { bundle: { resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { resourceType: 'Patient', identifier: [{ value: message.get('PID-3') ?? '' }] }, request: { method: 'POST', url: 'Patient' } }] }, unmapped: [{ path: 'PID-13[2]', count: 1 }], errors: [], profile: { name: 'oru', version: 1 } }
    : undefined;

describe('npm run hl7 -- fhir FILE', () => {
  it('prints the transaction Bundle on stdout, and the profile and unmapped data on stderr', () => {
    const result = runFhirCommand(['oru.hl7'], read, convert);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout.join('\n'))).toMatchObject({ resourceType: 'Bundle', type: 'transaction', entry: [{ resource: { identifier: [{ value: '42' }] } }] });
    expect(result.stderr).toEqual(['profile: oru v1', 'unmapped: PID-13[2] ×1']);
  });

  it('fails with one line naming the code when no profile converts the type or the file does not parse', () => {
    expect(runFhirCommand(['qry.hl7'], read, convert)).toEqual({ stdout: [], stderr: ['error: qry.hl7: INTEROP_NO_MAPPING_PROFILE: No mapping profile converts QRY^A19'], exitCode: 1 });
    const bad = runFhirCommand(['bad.hl7'], read, convert);
    expect([bad.exitCode, bad.stderr[0]]).toEqual([1, expect.stringMatching(/^error: bad\.hl7: HL7_NO_MSH: .*\(line 1, segment 1, offset 0\)$/)]);
    expect(runFhirCommand(['missing.hl7'], read, convert)).toEqual({ stdout: [], stderr: ['error: cannot read missing.hl7 (ENOENT)'], exitCode: 1 });
  });

  it('prints one Bundle per line for each message of a batch, in file order, labelling stderr by message', () => {
    const result = runFhirCommand(['batch.hl7'], read, convert);
    expect(result.exitCode).toBe(0);
    expect(patientIds(result.stdout)).toEqual(['41', '42']);
    expect(result.stderr).toEqual(['message 1 of 2: profile: oru v1', 'message 1 of 2: unmapped: PID-13[2] ×1', 'message 2 of 2: profile: oru v1', 'message 2 of 2: unmapped: PID-13[2] ×1']);
  });

  it('converts the messages around one that fails, names it on stderr and exits 1', () => {
    const result = runFhirCommand(['middle.hl7'], read, convert);
    expect(result.exitCode).toBe(1);
    expect(patientIds(result.stdout)).toEqual(['41', '43']);
    expect(result.stderr.filter((l) => l.startsWith('error: '))).toEqual([
      'error: middle.hl7: message 2 of 3: INTEROP_NO_MAPPING_PROFILE: No mapping profile converts QRY^A19',
      'error: middle.hl7: 1 of 3 messages failed to convert',
    ]);
  });

  it('prints a single message as one NDJSON line with --ndjson', () => {
    const result = runFhirCommand(['--ndjson', 'oru.hl7'], read, convert);
    expect([result.exitCode, result.stdout.length, patientIds(result.stdout)]).toEqual([0, 1, ['42']]);
  });

  it('prints usage and exits 2 without exactly one file', () => {
    for (const argv of [[], ['a.hl7', 'b.hl7'], ['--x']]) expect(runFhirCommand(argv, read, convert).exitCode).toBe(2);
  });
});
