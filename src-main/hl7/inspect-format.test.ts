import { describe, expect, it } from 'vitest';
import { inspectLines, prettyJson, toJson } from './inspect-format';
import { parse } from './parse';

const TEXT = 'MSH|^~\\&|LAB|HOSP|||20240101||ORU^R01|C1|P|2.5.1\rPID|1||123||DOE^JOHN\rOBX|1|ST|X||a\\S\\b\rOBX|2|ST|Y||c&d\rZLR|1\r';

describe('inspectLines', () => {
  const lines = inspectLines(parse(TEXT));

  it('prints each segment and each valued field with its position, name and raw value, aligned', () => {
    expect(lines).toContain('PID-5     Patient Name             DOE^JOHN');
    expect(lines).toContain('PID       Patient Identification');
    expect(lines.filter((l) => l.startsWith('PID-'))).toHaveLength(3);
    const valueColumn = 'PID-5     Patient Name             '.length;
    for (const line of lines.filter((l) => /^\S+-\d+ /.test(l))) {
      expect(line.slice(8, 10)).toBe('  ');
      expect(line.slice(valueColumn - 2, valueColumn)).toBe('  ');
      expect(line[valueColumn]).not.toBe(' ');
    }
  });

  it('labels repeated segments the way paths address them', () => {
    expect(lines.some((l) => l.startsWith('OBX[2]-5 '))).toBe(true);
    expect(lines.some((l) => l.startsWith('OBX[1]-5 ') && l.endsWith('a\\S\\b'))).toBe(true);
  });

  it('leaves the name empty for fields the dictionary does not know', () => {
    expect(lines.find((l) => l.startsWith('ZLR-1'))).toMatch(/^ZLR-1\s+1$/);
  });
});

describe('toJson', () => {
  it('gives every valued field its position, name, raw text and decoded structure', () => {
    const json = toJson(parse(TEXT));
    expect(json.header.messageType).toBe('ORU^R01');
    const pid = json.segments.find((s) => s.id === 'PID')!;
    expect(pid.fields.find((f) => f.position === 'PID-5')).toEqual({ position: 'PID-5', name: 'Patient Name', raw: 'DOE^JOHN', value: [['DOE', 'JOHN']] });
    const obx = json.segments.filter((s) => s.id === 'OBX');
    expect(obx[0]!.fields.find((f) => f.position === 'OBX[1]-5')!.value).toEqual([['a^b']]);
    expect(obx[1]!.fields.find((f) => f.position === 'OBX[2]-5')!.value).toEqual([[['c', 'd']]]);
    expect(json.segments[0]!.fields[1]).toMatchObject({ position: 'MSH-2', value: [['^~\\&']] });
  });

  it('prints JSON that parses back to the same value', () => {
    const json = toJson(parse(TEXT));
    expect(JSON.parse(prettyJson(json))).toEqual(JSON.parse(JSON.stringify(json)));
  });
});
