import { describe, expect, it } from 'vitest';
import { parseBatch } from './batch';
import { Hl7ParseError } from './errors';

const msg = (id: string): string => `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|${id}|P|2.5\rPID|1||${id}\r`;
const file = (bts: string, fts: string): string =>
  `FHS|^~\\&|A|B\rBHS|^~\\&|A|B\r${msg('1')}${msg('2')}BTS|${bts}\rBHS|^~\\&|A|B\r${msg('3')}BTS|1\rFTS|${fts}\r`;

function batchError(text: string): Hl7ParseError {
  try {
    parseBatch(text);
  } catch (error) {
    if (error instanceof Hl7ParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseBatch', () => {
  it('splits an FHS/BHS file into batches and messages and round-trips it', () => {
    const text = file('2', '2');
    const batch = parseBatch(text);
    expect(batch.messages.map((m) => m.header.controlId)).toEqual(['1', '2', '3']);
    expect(batch.batches.map((b) => b.messages.length)).toEqual([2, 1]);
    expect(batch.fileHeader?.id).toBe('FHS');
    expect(batch.fileTrailer?.get(1)).toBe('2');
    expect(batch.warnings).toEqual([]);
    expect(batch.toString()).toBe(text);
  });

  it('splits messages sent back to back without an envelope', () => {
    const text = `\uFEFF${msg('1')}${msg('2')}`.replace(/\r/g, '\r\n');
    const batch = parseBatch(text);
    expect(batch.messages.length).toBe(2);
    expect(batch.toString()).toBe(text);
  });

  it('refuses a batch whose BTS-1 count disagrees with its messages, saying where', () => {
    const text = file('3', '2');
    const error = batchError(text);
    expect(error.code).toBe('HL7_BATCH_COUNT');
    expect(error.message).toContain('BTS-1');
    expect(error.position.offset).toBe(text.indexOf('BTS|3'));
  });

  it('refuses a file whose FTS-1 batch count is wrong', () => {
    expect(batchError(file('2', '5')).code).toBe('HL7_BATCH_COUNT');
  });

  it('lists count problems as warnings when asked to', () => {
    const batch = parseBatch(file('3', '5'), { counts: 'warn' });
    expect(batch.messages.length).toBe(3);
    expect(batch.warnings.map((w) => w.code)).toEqual(['HL7_BATCH_COUNT', 'HL7_BATCH_COUNT']);
  });

  it('treats a missing trailer as a truncated file', () => {
    const text = `BHS|^~\\&|A\r${msg('1')}`;
    expect(batchError(text).code).toBe('HL7_BAD_BATCH');
    expect(parseBatch(text, { counts: 'warn' }).warnings[0]?.message).toContain('no BTS');
  });

  it('rejects envelope segments out of place', () => {
    expect(batchError(`${msg('1')}BTS|1\r`).code).toBe('HL7_BAD_BATCH');
    expect(batchError(`BHS|^~\\&\rPID|1\rBTS|0\r`).code).toBe('HL7_BAD_BATCH');
    expect(batchError(`FHS|^~\\&\rFTS|0\r${msg('1')}`).code).toBe('HL7_BAD_BATCH');
  });

  it('reports a broken message at its position in the file', () => {
    const text = `${msg('1')}MSH|^~\\&|A|B\rPID|1\r`;
    const error = batchError(text);
    expect(error.code).toBe('HL7_MSH_TOO_SHORT');
    expect(error.position).toEqual({ segmentIndex: 2, line: 3, offset: text.indexOf('MSH|^~\\&|A|B\r') });
  });

  it('rejects text that is neither a batch nor a message', () => {
    expect(batchError('').code).toBe('HL7_EMPTY');
    expect(batchError('PID|1').code).toBe('HL7_NO_MSH');
  });
});
