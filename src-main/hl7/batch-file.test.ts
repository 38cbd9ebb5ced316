import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBatch } from './batch';
import { encodeBatchFile, splitHl7File, splitHl7FileBytes } from './batch-file';
import { decodeHl7 } from './charset';
import { Hl7ParseError } from './errors';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus/hl7v2');
const read = (...parts: string[]): string => decodeHl7(readFileSync(path.join(corpus, ...parts))).text;
const msg = (id: string, sep = '\r'): string => `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|${id}|P|2.5${sep}PID|1||${id}${sep}`;
const createdAt = new Date(Date.UTC(2026, 11, 6, 21, 15, 30));

function splitError(text: string): Hl7ParseError {
  try {
    splitHl7File(text);
  } catch (error) {
    if (error instanceof Hl7ParseError) return error;
    throw error;
  }
  throw new Error('split');
}

describe('encodeBatchFile', () => {
  it('wraps messages in FHS/BHS … BTS/FTS with the counts, the creation time and the control ids', () => {
    const file = encodeBatchFile([msg('1'), msg('2')], { createdAt, fileControlId: 'F1', batchControlId: 'B1', sendingApplication: 'INTEROP', receivingFacility: 'EHR' });
    expect(file.split('\r')).toEqual([
      'FHS|^~\\&|INTEROP|||EHR|20261206211530+0000||||F1',
      'BHS|^~\\&|INTEROP|||EHR|20261206211530+0000||||B1',
      ...msg('1').split('\r').slice(0, 2),
      ...msg('2').split('\r').slice(0, 2),
      'BTS|2',
      'FTS|1',
      '',
    ]);
    const parsed = parseBatch(file);
    expect(parsed.messages.map((m) => m.header.controlId)).toEqual(['1', '2']);
    expect(parsed.batches[0]!.trailer!.get(1)).toBe('2');
  });

  it('escapes delimiters in envelope values and ends a message that lacks a final CR', () => {
    const file = encodeBatchFile(['MSH|^~\\&|A|B|C|D|20240101||ADT^A01|9|P|2.5\rPID|1'], { createdAt, fileControlId: 'F|2', sendingFacility: 'Lab^North' });
    expect(file.split('\r')[0]).toBe('FHS|^~\\&||Lab\\S\\North|||20261206211530+0000||||F\\F\\2');
    expect(splitHl7File(file).messages).toEqual(['MSH|^~\\&|A|B|C|D|20240101||ADT^A01|9|P|2.5\rPID|1\r']);
  });

  it('refuses to wrap something that is not a message', () => {
    expect(() => encodeBatchFile(['PID|1'], { createdAt, fileControlId: 'F' })).toThrow(/message 1 of the batch does not start with MSH/);
  });
});

describe('splitHl7File', () => {
  it('returns the messages of a batch file it wrote, byte for byte', () => {
    expect(splitHl7File(encodeBatchFile([msg('1'), msg('2'), msg('3')], { createdAt, fileControlId: 'F' }))).toEqual({ messages: [msg('1'), msg('2'), msg('3')], warnings: [] });
  });

  it('splits messages back to back with LF or CRLF segment separators', () => {
    expect(splitHl7File(msg('1', '\n') + msg('2', '\n')).messages).toEqual([msg('1', '\n'), msg('2', '\n')]);
    expect(splitHl7File(msg('1', '\r\n') + msg('2', '\r\n')).messages).toEqual([msg('1', '\r\n'), msg('2', '\r\n')]);
  });

  it('tolerates a missing BTS and FTS, saying so in warnings', () => {
    const split = splitHl7File(`FHS|^~\\&\nBHS|^~\\&\n${msg('1', '\n')}`);
    expect(split.messages).toEqual([msg('1', '\n')]);
    expect(split.warnings).toEqual(['line 5: the last batch has no BTS (truncated file?)', 'line 5: FHS without FTS (truncated file?)']);
  });

  it('refuses a batch whose BTS-1 count disagrees with the file, naming the line', () => {
    const error = splitError(`BHS|^~\\&\r${msg('1')}${msg('2')}BTS|3\r`);
    expect(error.code).toBe('HL7_BATCH_COUNT');
    expect(error.message).toBe('line 6: BTS-1 batch message count says "3", the file holds 2');
  });

  it('refuses text that is not HL7, naming the line', () => {
    expect(splitError('hello\nworld\n').message).toMatch(/^line 1: no MSH segment/);
    const error = splitError(`${msg('1', '\n')}this is not a segment\n`);
    expect(error.code).toBe('HL7_BAD_SEGMENT');
    expect(error.message).toMatch(/^line 3: /);
  });

  it('refuses an empty file', () => {
    expect(splitError('').code).toBe('HL7_EMPTY');
  });

  it('splits the corpus file of two messages without an envelope, normalized and as originally sent with LF', () => {
    for (const dir of ['', 'original']) {
      const text = read('batch', dir, 'cdcdex_GenV1_Batch_No_headers_twoMSH.hl7');
      const { messages } = splitHl7File(text);
      expect(messages).toHaveLength(2);
      expect(messages.join('')).toBe(text.replace(/^\uFEFF/, ''));
    }
  });

  it('refuses the corpus file with junk lines before MSH, naming the first line', () => {
    expect(splitError(read('malformed', 'cdcdex_Genv1_junk_before_MSH.hl7')).message).toMatch(/^line 1: /);
  });

  it('re-wraps the corpus messages in a batch file and splits them back unchanged', () => {
    const { messages } = splitHl7File(read('batch', 'cdcdex_GenV1_Batch_No_headers_twoMSH.hl7'));
    expect(splitHl7File(encodeBatchFile(messages, { createdAt, fileControlId: 'F' })).messages).toEqual(messages);
  });
});

describe('splitHl7FileBytes', () => {
  it('gives each message its exact bytes whatever the charset, without the file\'s byte-order mark', () => {
    const latin1 = Buffer.from('MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5||||||8859/1\r\nPID|1||1||M\xfcller\r\n', 'latin1');
    const utf8 = Buffer.from('MSH|^~\\&|A|B|C|D|20240101||ADT^A01|2|P|2.5\rPID|1||2||\u00dcbel^Zo\u00eb\r', 'utf8');
    const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('FHS|^~\\&\rBHS|^~\\&\r'), latin1, utf8, Buffer.from('BTS|2\rFTS|1\r')]);
    const { messages, warnings } = splitHl7FileBytes(file);
    expect(messages.map((m) => m.toString('hex'))).toEqual([latin1.toString('hex'), utf8.toString('hex')]);
    expect(warnings).toEqual([]);
  });
});
