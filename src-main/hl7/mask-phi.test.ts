import { describe, expect, it } from 'vitest';
import { maskPhi } from './mask-phi';
import { parse } from './parse';

const TEXT = [
  'MSH|^~\\&|LAB|HOSP|EHR|CLINIC|20240102030405||ORU^R01|CTRL1|P|2.5.1',
  'PID|1||123^^^HOSP^MR~456^^^SSA^SS||DOE^JOHN^Q||19800101|M|||1 MAIN ST^^TOWN^ST^12345||555-1234|||||ACCT9|999-99-9999',
  'NK1|1|DOE^JANE|SPO^Spouse|1 MAIN ST^^TOWN|555-9999',
  ['IN1', '1', 'PLAN1', 'INS1', 'ACME INSURANCE', ...Array<string>(11).fill(''), 'DOE^JOHN', 'SEL', '19800101', '1 MAIN ST', ...Array<string>(16).fill(''), 'POL123'].join('|'),
  'OBR|1|||CBC',
  'OBX|1|NM|WBC||7.2|10*3/uL',
  'OBX|2|TX|NOTE||Patient John Doe called~twice',
  'NTE|1||Spoke with John Doe',
  'NTE|2||""',
].join('\r');

describe('maskPhi', () => {
  const masked = parse(maskPhi(TEXT));
  const original = parse(TEXT);

  it('masks patient ids, name, birth date, address, phone and SSN', () => {
    expect(masked.getRaw('PID-3')).toBe('***^^^***^***~***^^^***^***');
    expect(masked.getRaw('PID-5')).toBe('***^***^***');
    for (const f of [7, 11, 13, 18, 19]) expect(masked.get(`PID-${f}`)).toBe('***');
  });

  it('masks next of kin and insured names, addresses, phones and ids', () => {
    expect(masked.getRaw('NK1-2')).toBe('***^***');
    expect(masked.getRaw('NK1-4')).toBe('***^^***');
    expect(masked.get('NK1-5')).toBe('***');
    expect(masked.getRaw('IN1-16')).toBe('***^***');
    expect(masked.get('IN1-18')).toBe('***');
    expect(masked.get('IN1-36')).toBe('***');
  });

  it('masks free text in NTE-3 and in OBX-5 only when OBX-2 is a text type', () => {
    expect(masked.get('NTE-3')).toBe('***');
    expect(masked.getRaw('OBX[2]-5')).toBe('***~***');
    expect(masked.get('OBX[1]-5')).toBe('7.2');
  });

  it('keeps explicit nulls, non-PHI fields and the structure unchanged', () => {
    expect(masked.get('NTE[2]-3')).toBe('""');
    expect(masked.segments().map((s) => [s.id, s.fieldCount])).toEqual(original.segments().map((s) => [s.id, s.fieldCount]));
    for (const path of ['MSH-10', 'PID-8', 'NK1-3', 'IN1-4', 'OBX-3', 'OBR-4']) expect(masked.getRaw(path)).toBe(original.getRaw(path));
    const separators = (t: string) => t.replace(/[^|^~&\r]/g, '');
    expect(separators(masked.toString())).toBe(separators(TEXT));
  });

  it('leaves the message it was given untouched', () => {
    const message = parse(TEXT);
    maskPhi(message);
    expect(message.toString()).toBe(TEXT);
  });
});
