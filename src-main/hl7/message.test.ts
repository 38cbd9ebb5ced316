import { describe, expect, it } from 'vitest';
import { Hl7PathError } from './errors';
import { parse } from './parse';
import { serialize } from './message';

const ORU = [
  'MSH|^~\\&|LAB|HOSP|EHR|CLINIC|20240102030405||ORU^R01^ORU_R01|CTRL1|P|2.5.1',
  'PID|1||123^^^HOSP^MR||DOE^JOHN^Q~ALIAS^JJ||19800101|M',
  'OBR|1|||CBC',
  'OBX|1|NM|WBC||7.2|10*3/uL',
  'OBX|2|NM|HGB||13.9|g/dL',
  'OBX|3|ST|NOTE||see \\F\\ note',
].join('\r');

function pathError(fn: () => unknown): Hl7PathError {
  try {
    fn();
  } catch (error) {
    if (error instanceof Hl7PathError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('path reads', () => {
  it('reads the first repetition, component and subcomponent where the path stops short', () => {
    const m = parse(ORU);
    expect(m.get('PID-5')).toBe('DOE');
    expect(m.get('PID-5.2')).toBe('JOHN');
    expect(m.get('PID-5[2].2')).toBe('JJ');
  });

  it('reads the whole node as raw text with getRaw', () => {
    const m = parse(ORU);
    expect(m.getRaw('PID-5')).toBe('DOE^JOHN^Q~ALIAS^JJ');
    expect(m.getRaw('PID-5[2]')).toBe('ALIAS^JJ');
    expect(m.getRaw('OBX[3]-5')).toBe('see \\F\\ note');
  });

  it('picks a segment occurrence with brackets after the segment id', () => {
    const m = parse(ORU);
    expect(m.get('OBX-5')).toBe('7.2');
    expect(m.get('OBX[2]-5')).toBe('13.9');
    expect(m.get('OBX[3]-5')).toBe('see | note');
    expect(m.segments('OBX').map((s) => s.get(5))).toEqual(['7.2', '13.9', 'see | note']);
  });

  it('reads every repetition of a field in time linear in their number (found by the fuzzer)', () => {
    const message = parse(`${ORU.split('\r')[0]}\rPID|1||${'A^B~'.repeat(60_000)}Z\r`);
    const started = performance.now();
    const values = message.segments('PID')[0]!.getAll('3.2');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(values).toHaveLength(60_001);
    expect(values[59_999]).toBe('B');
  });

  it('returns empty text for absent segments, fields and components', () => {
    const m = parse(ORU);
    expect(m.get('NK1-2')).toBe('');
    expect(m.get('PID-40')).toBe('');
    expect(m.get('PID-5.9')).toBe('');
    expect(m.get('OBX[9]-5')).toBe('');
    expect(m.getAll('PID-13')).toEqual([]);
  });

  it('throws a typed error for malformed paths', () => {
    const m = parse(ORU);
    for (const path of ['PID', 'PID5', 'PID-0', 'PID-5..1', 'pid-5', 'OBX[0]-5', 'PID-5[x]', '']) {
      const error = pathError(() => m.get(path));
      expect(error.code).toBe('HL7_BAD_PATH');
      expect(error.path).toBe(path);
    }
  });
});

describe('path edits', () => {
  it('escapes delimiter characters it writes and reads them back decoded', () => {
    const m = parse(ORU);
    m.set('OBX[2]-5', 'a|b^c~d&e\\f');
    expect(m.getRaw('OBX[2]-5')).toBe('a\\F\\b\\S\\c\\R\\d\\T\\e\\E\\f');
    expect(m.get('OBX[2]-5')).toBe('a|b^c~d&e\\f');
  });

  it('writes into the leaf the path names and leaves its neighbours alone', () => {
    const m = parse(ORU);
    m.set('PID-5[2].2', 'JAY');
    expect(m.getRaw('PID-5')).toBe('DOE^JOHN^Q~ALIAS^JAY');
    m.set('PID-3.4.2', '1.2.3');
    expect(m.getRaw('PID-3')).toBe('123^^^HOSP&1.2.3^MR');
  });

  it('pads with separators when writing past the end', () => {
    const m = parse(ORU);
    m.set('PID-5[3].3', 'X');
    expect(m.getRaw('PID-5')).toBe('DOE^JOHN^Q~ALIAS^JJ~^^X');
    m.set('OBR-10', 'late');
    expect(m.segment('OBR')!.toString()).toBe('OBR|1|||CBC||||||late');
  });

  it('writes the explicit null for null', () => {
    const m = parse(ORU);
    m.set('PID-8', null);
    expect(m.getRaw('PID-8')).toBe('""');
  });

  it('re-serializes only what changed, keeping terminators', () => {
    const text = ORU.replace(/\r/g, '\r\n');
    const m = parse(text);
    m.set('MSH-10', 'CTRL2');
    expect(serialize(m)).toBe(text.replace('CTRL1', 'CTRL2'));
  });

  it('replaces a whole node with raw text and refuses raw text that would break the structure', () => {
    const m = parse(ORU);
    m.setRaw('PID-5', 'ROE^RICHARD');
    expect(m.get('PID-5.2')).toBe('RICHARD');
    expect(pathError(() => m.setRaw('PID-5', 'a|b')).code).toBe('HL7_UNENCODABLE');
    expect(pathError(() => m.setRaw('PID-5.1', 'a^b')).code).toBe('HL7_UNENCODABLE');
  });

  it('refuses to edit the delimiters or a missing segment', () => {
    const m = parse(ORU);
    expect(pathError(() => m.set('MSH-2', 'x')).code).toBe('HL7_READ_ONLY');
    expect(pathError(() => m.set('MSH-1', 'x')).code).toBe('HL7_READ_ONLY');
    expect(pathError(() => m.set('NK1-2', 'x')).code).toBe('HL7_NO_SEGMENT');
  });

  it('appends segments in the message terminator style', () => {
    const m = parse(`${ORU.replace(/\r/g, '\n')}`);
    m.addSegment('NTE').set(3, 'added');
    expect(m.toString()).toBe(`${ORU.replace(/\r/g, '\n')}\nNTE|||added`);
    expect(m.segments('NTE').length).toBe(1);
    expect(pathError(() => m.addSegment('bad')).code).toBe('HL7_BAD_PATH');
  });

  it('reads the header of an edited message afresh', () => {
    const m = parse(ORU);
    m.set('MSH-9.2', 'R30');
    expect(m.header.triggerEvent).toBe('R30');
  });
});
