import { describe, expect, it } from 'vitest';
import { describeParseError, runHl7Command } from './cli-commands';
import { Hl7ParseError } from './errors';

const files: Record<string, string> = {
  'adt.hl7': 'MSH|^~\\&|APP|FAC|EHR|HOSP|20240101||ADT^A01^ADT_A01|C1|P|2.5.1\rPID|1||123||DOE^JOHN\r',
  'two.hl7': 'MSH|^~\\&|A|B|C|D|1||ADT^A01|M1|P|2.5\rMSH|^~\\&|A|B|C|D|1||ADT^A08|M2|P|2.5\r',
  'noversion.hl7': 'MSH|^~\\&|A|B|C|D|1||ADT^A01|M1|P|\r',
  'bad.hl7': 'PID|1||123\r',
  'unended-batch.hl7': 'FHS|^~\\&\r\nBHS|^~\\&\r\nMSH|^~\\&|A|B|C|D|1||ADT^A01|M1|P|2.5\r\nPID|1||1\r\nMSH|^~\\&|A|B|C|D|1||ADT^A08|M2|P|2.5\r\n',
};
/** Two messages in their own charsets: read as one text, the second (8859/1) would not decode as UTF-8. */
const mixed = Buffer.concat([
  Buffer.from('MSH|^~\\&|A|B|C|D|1||ADT^A01|U1|P|2.5.1||||||UNICODE UTF-8\rPID|1||1||Müller\r', 'utf8'),
  Buffer.from('MSH|^~\\&|A|B|C|D|1||ADT^A01|L1|P|2.5.1||||||8859/1\rPID|1||2||Größe\r', 'latin1'),
]);
const read = (path: string): Uint8Array => {
  if (path === 'mixed.hl7') return mixed;
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
  return Buffer.from(text);
};
const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const run = (...argv: string[]) => runHl7Command(argv, read, now);

describe('hl7 CLI commands', () => {
  it('inspects a message', () => {
    const result = run('inspect', 'adt.hl7');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('PID-5   Patient Name             DOE^JOHN');
  });

  it('prints each message of a multi-message file under its own heading', () => {
    const result = run('inspect', 'two.hl7');
    expect(result.stdout.filter((l) => l.includes('# message'))).toEqual(['# message 1 of 2', '\n# message 2 of 2']);
  });

  it('reads a batch whose BTS and FTS are missing, as SFTP intake does, with a warning on stderr', () => {
    const result = run('ack', 'unended-batch.hl7', '--control-id', 'X', '--timestamp', 'T');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.filter((l) => l.startsWith('MSA'))).toEqual(['MSA|AA|M1', 'MSA|AA|M2']);
    expect(result.stderr).toEqual(['warning: unended-batch.hl7: line 6: the last batch has no BTS (truncated file?)', 'warning: unended-batch.hl7: line 6: FHS without FTS (truncated file?)']);
  });

  it('decodes each message of a file by its own MSH-18', () => {
    const result = run('json', 'mixed.hl7');
    expect(result.exitCode).toBe(0);
    const names = (JSON.parse(result.stdout.join('\n')) as { segments: { id: string; fields: unknown[] }[] }[]).map((m) => JSON.stringify(m.segments[1]));
    expect([names[0]!.includes('Müller'), names[1]!.includes('Größe')]).toEqual([true, true]);
  });

  it('prints JSON', () => {
    const result = run('json', 'adt.hl7');
    expect(JSON.parse(result.stdout.join('\n')).header.controlId).toBe('C1');
  });

  it('prints the ACK it would send, one segment per line', () => {
    expect(run('ack', 'adt.hl7').stdout).toEqual(['MSH|^~\\&|EHR|HOSP|APP|FAC|20240102030405+0000||ACK^A01^ACK|ACK20240102030405|P|2.5.1', 'MSA|AA|C1']);
    expect(run('ack', 'adt.hl7', '--code', 'AE', '--control-id', 'X9', '--timestamp', '20240101').stdout).toEqual([
      'MSH|^~\\&|EHR|HOSP|APP|FAC|20240101||ACK^A01^ACK|X9|P|2.5.1',
      'MSA|AE|C1',
    ]);
  });

  it('rejects a header with an empty version with AR and an ERR', () => {
    const out = run('ack', 'noversion.hl7', '--control-id', 'X', '--timestamp', 'T').stdout;
    expect(out.slice(1)).toEqual(['MSA|AR|M1', 'ERR||MSH^1^12|101^Required field missing^HL70357|E|||MSH-12 version id is empty']);
  });

  it('names the problem and its position on one line for a malformed file, exit 1', () => {
    const result = run('inspect', 'bad.hl7');
    expect(result).toEqual({ stdout: [], stderr: ['error: bad.hl7: HL7_NO_MSH: no MSH segment; the text starts with "PID" (line 1, segment 1, offset 0)'], exitCode: 1 });
    const ack = run('ack', 'bad.hl7');
    expect(ack.exitCode).toBe(1);
    expect(ack.stdout[1]).toBe('MSA|AR');
  });

  it('reports an unreadable file on one line, exit 1', () => {
    expect(run('inspect', 'missing.hl7')).toEqual({ stdout: [], stderr: ['error: cannot read missing.hl7 (ENOENT)'], exitCode: 1 });
  });

  it('prints usage and exits 2 on bad usage', () => {
    for (const argv of [[], ['inspect'], ['explode', 'adt.hl7'], ['ack', 'adt.hl7', '--code', 'ZZ'], ['inspect', 'adt.hl7', '--code', 'AE'], ['ack', 'adt.hl7', '--code']]) {
      const result = runHl7Command(argv, read, now);
      expect(result.exitCode).toBe(2);
      expect(result.stderr[0]).toMatch(/^usage:/);
    }
  });

  it('describes a parse error without a stack', () => {
    expect(describeParseError(new Hl7ParseError('HL7_EMPTY', 'the message is empty', { offset: 0 }))).toBe('HL7_EMPTY: the message is empty (offset 0)');
  });
});
