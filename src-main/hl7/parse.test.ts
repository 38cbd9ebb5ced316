import { describe, expect, it } from 'vitest';
import { Hl7ParseError } from './errors';
import { parse, tryParse } from './parse';

const MSH = 'MSH|^~\\&|LAB|HOSP|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1';

function parseError(text: string): Hl7ParseError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof Hl7ParseError) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parse', () => {
  it('numbers MSH fields from the field separator: MSH-1 is "|", MSH-2 the encoding characters', () => {
    const m = parse(`${MSH}\r`);
    expect(m.get('MSH-1')).toBe('|');
    expect(m.get('MSH-2')).toBe('^~\\&');
    expect(m.get('MSH-3')).toBe('LAB');
    expect(m.getRaw('MSH-9')).toBe('ORU^R01^ORU_R01');
    expect(m.get('MSH-12')).toBe('2.5.1');
  });

  it('reads fully custom delimiters from MSH-1 and MSH-2', () => {
    const m = parse('MSH*@%$!*A*B*C*D*20240101**ADT@A01*X1*P*2.4\rPID*1**ID1@@@AUTH!SUB%ID2*')
    expect(m.delimiters).toMatchObject({ field: '*', component: '@', repetition: '%', escape: '$', subcomponent: '!' });
    expect(m.get('MSH-9.2')).toBe('A01');
    expect(m.get('PID-3[1].4.2')).toBe('SUB');
    expect(m.get('PID-3[2]')).toBe('ID2');
  });

  it('accepts the 2.7 truncation character as a fifth encoding character', () => {
    const m = parse('MSH|^~\\&#|A|B|C|D|20240101||ADT^A01|X|P|2.7\rNTE|1||cut\\P\\');
    expect(m.delimiters.truncation).toBe('#');
    expect(m.get('NTE-3')).toBe('cut#');
  });

  it('reads MSH-2 "^~\\\\&" as "^~\\&", the doubled escape character one sender writes', () => {
    const m = parse('MSH|^~\\\\&|A|B|C|D|20240101||ADT^A01|X|P|2.6\rPID|1||A&B');
    expect(m.delimiters).toMatchObject({ escape: '\\', subcomponent: '&', truncation: '' });
    expect(m.get('PID-3.1.2')).toBe('B');
  });

  it('ends segments at CR, LF or CRLF, mixed, and keeps each terminator for serialization', () => {
    const text = `${MSH}\r\nPID|1\nPV1|1\rOBX|1\r\n\r\nNTE|1`;
    const m = parse(text);
    expect(m.segments().map((s) => s.id)).toEqual(['MSH', 'PID', 'PV1', 'OBX', 'NTE']);
    expect(m.segments().map((s) => s.terminator)).toEqual(['\r\n', '\n', '\r', '\r\n\r\n', '']);
    expect(m.toString()).toBe(text);
  });

  it('treats lines holding only spaces or tabs as part of the terminator', () => {
    const text = `${MSH}\r  \rPID|1\n\t\n \n  `;
    const m = parse(text);
    expect(m.segments().map((s) => [s.id, s.terminator])).toEqual([['MSH', '\r  \r'], ['PID', '\n\t\n \n  ']]);
    expect(m.toString()).toBe(text);
  });

  it('keeps a leading byte-order mark out of the fields but in the serialization', () => {
    const text = `\uFEFF${MSH}\r`;
    const m = parse(text);
    expect(m.bom).toBe(true);
    expect(m.get('MSH-3')).toBe('LAB');
    expect(m.toString()).toBe(text);
  });

  it('keeps an empty field and the explicit null "" apart', () => {
    const m = parse(`${MSH}\rPID|1||""||`);
    expect(m.get('PID-2')).toBe('');
    expect(m.get('PID-3')).toBe('""');
    expect(m.get('PID-4')).toBe('');
  });

  it('reads repetitions, components and subcomponents', () => {
    const m = parse(`${MSH}\rPID|1||123^^^HOSP&1.2.3&ISO^MR~456^^^SSA^SS||DOE^JOHN~ROE^RICHARD`);
    expect(m.get('PID-3')).toBe('123');
    expect(m.get('PID-3[2]')).toBe('456');
    expect(m.get('PID-3.4.2')).toBe('1.2.3');
    expect(m.get('PID-3[2].5')).toBe('SS');
    expect(m.get('PID-5[2].2')).toBe('RICHARD');
    expect(m.getAll('PID-5.1')).toEqual(['DOE', 'ROE']);
  });

  it('keeps Z-segments like any other segment', () => {
    const m = parse(`${MSH}\rZLR|1|custom^value\r`);
    expect(m.get('ZLR-2.2')).toBe('value');
  });

  it('splits no fields until they are read', () => {
    const m = parse(`${MSH}\rOBX|1|ST|X||value\r`);
    const obx = m.segment('OBX')!;
    expect((obx as unknown as { seps?: number[] }).seps).toBeUndefined();
    expect(obx.get(5)).toBe('value');
  });

  it('offers tryParse, which returns the error instead of throwing', () => {
    const result = tryParse('PID|1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('HL7_NO_MSH');
    expect(tryParse(`${MSH}\r`).ok).toBe(true);
  });
});

describe('parse errors', () => {
  it.each([
    ['', 'HL7_EMPTY'],
    ['\r\n \r\n', 'HL7_EMPTY'],
    ['PID|1||X', 'HL7_NO_MSH'],
    ['FHS|^~\\&\r', 'HL7_NO_MSH'],
    ['junk\rMSH|^~\\&|A', 'HL7_BAD_SEGMENT'],
    ['MSH', 'HL7_MSH_TOO_SHORT'],
    ['MSH|^~\\&|A|B', 'HL7_MSH_TOO_SHORT'],
    ['MSH||A', 'HL7_BAD_ENCODING_CHARS'],
    ['MSH|&&&&|A', 'HL7_BAD_ENCODING_CHARS'],
    ['MSHA^~\\&|A', 'HL7_BAD_ENCODING_CHARS'],
    ['MSH|^^\\&|A', 'HL7_BAD_ENCODING_CHARS'],
    ['\u000bMSH|^~\\&', 'HL7_BINARY'],
    [`${MSH}\rPID|1\u0000`, 'HL7_BINARY'],
    [`${MSH}\rPI`, 'HL7_BAD_SEGMENT'],
    [`${MSH}\rpid|1`, 'HL7_BAD_SEGMENT'],
    [`${MSH}\rPIDX|1`, 'HL7_BAD_SEGMENT'],
    [`${MSH}\rBTS|1`, 'HL7_BAD_SEGMENT'],
    [`${MSH}\r${MSH}`, 'HL7_MULTIPLE_MESSAGES'],
  ])('rejects %j with %s', (text, code) => {
    expect(parseError(text).code).toBe(code);
  });

  it('says where the problem is: segment index, line and offset', () => {
    const text = `${MSH}\r\nPID|1\r\nbad line\r\n`;
    const error = parseError(text);
    expect(error.position).toEqual({ segmentIndex: 2, line: 3, offset: text.indexOf('bad') });
  });

  it('names at most a segment id of the offending text, never field content', () => {
    expect(parseError('PID|1||SMITH^JOHN').message).not.toContain('SMITH');
  });

  it('tells a sender of several messages or a batch in one frame what was expected, in its own terms', () => {
    const cases: [string, string, string][] = [
      [`${MSH}\rPID|1\r${MSH}\r`, 'HL7_MULTIPLE_MESSAGES', 'a second MSH starts at segment 3: one message was expected, not several (send each message on its own, or as a batch file)'],
      [`${MSH}\rBHS|^~\\&\r`, 'HL7_BAD_SEGMENT', 'batch envelope segment BHS inside a message: one message was expected, not a batch (send each message on its own, or as a batch file)'],
      [`FHS|^~\\&\rBHS|^~\\&\r${MSH}\r`, 'HL7_NO_MSH', 'the text starts with FHS: a batch file, not one message (send each message on its own, or as a batch file)'],
    ];
    for (const [text, code, message] of cases) expect(parseError(text)).toMatchObject({ code, message });
  });
});
