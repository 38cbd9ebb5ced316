import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors';
import { Hl7ParseError, Hl7PathError, Hl7PathErrorCode } from '../hl7';
import { fromHl7Error, parseStored, withHl7Errors } from './hl7-failure';

describe('HL7 codec errors at the boundary', () => {
  it('turns a parse error into a validation AppError with the codec code, message and position', () => {
    expect(() => parseStored(Buffer.from('PID|1||123\r'))).toThrow(expect.objectContaining({ kind: 'validation', code: 'HL7_NO_MSH', details: { position: { segmentIndex: 0, line: 1, offset: 0 } } }));
  });

  it('turns every path error into an AppError carrying the path, a bad path as validation and a refused edit as unprocessable', () => {
    const kinds = Object.values(Hl7PathErrorCode).map((code) => {
      const converted = fromHl7Error(new Hl7PathError(code, `${code} at PID-3`, 'PID-3')) as AppError;
      expect(converted).toMatchObject({ code, message: `${code} at PID-3`, details: { path: 'PID-3' } });
      return [code, converted.kind];
    });
    expect(Object.fromEntries(kinds)).toEqual({ HL7_BAD_PATH: 'validation', HL7_READ_ONLY: 'unprocessable', HL7_NO_SEGMENT: 'unprocessable', HL7_UNENCODABLE: 'unprocessable' });
  });

  it('answers under the caller\'s kind and code when asked, naming the codec\'s code in details', () => {
    const as = { kind: 'conflict', code: 'INTEROP_MESSAGE_UNPARSEABLE', message: 'cannot be masked' } as const;
    const work = () => {
      throw new Hl7ParseError('HL7_BINARY', 'control character 0x01 where text was expected', { offset: 7 });
    };
    expect(() => withHl7Errors(work, as)).toThrow(expect.objectContaining({ ...as, details: { hl7Error: 'HL7_BINARY', position: { offset: 7 } } }));
  });

  it('leaves every other error as it is', () => {
    const other = new AppError('not_found', 'INTEROP_HL7_MESSAGE_NOT_FOUND', 'gone');
    expect(fromHl7Error(other)).toBe(other);
    expect(() => withHl7Errors(() => {
      throw other;
    }, { kind: 'conflict', code: 'X', message: 'x' })).toThrow(other);
  });
});
