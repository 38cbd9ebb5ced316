import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, DEFAULT_DELIMITERS, parse } from '../../hl7';
import { comp, fromText, isEmpty, isHl7Null, readField, readRepetition, splitRepetition, sub } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('v2 field values', () => {
  it('reads every repetition of a field as components of unescaped subcomponents', () => {
    const pid = corpus('msfc_ADT-A01-01.hl7').segment('PID')!;
    const names = readField(pid, 5);
    expect(names).toHaveLength(2);
    expect(names[0]![0]).toEqual(['EVERYMAN', '', '', '', 'Aniston']);
    expect(comp(names[0]!, 2)).toBe('ADAM');
    expect(comp(sub(names[0]!, 1), 5)).toBe('Aniston');
    expect(comp(readRepetition(pid, 5, 2), 7)).toBe('L');
  });

  it('decodes escape sequences in each subcomponent', () => {
    const pv1 = corpus('msfc_ADT-A01-01.hl7').segment('PV1')!;
    expect(comp(readRepetition(pv1, 14), 1)).toBe('NHS Provider-General (inc.A&E-this Hosp)');
  });

  it('reads MSH-1 and MSH-2 whole and an absent field or repetition as empty', () => {
    const message = corpus('msfc_ADT-A01-01.hl7');
    expect(readField(message.segment('MSH')!, 2)).toEqual([[['^~\\&']]]);
    expect(readField(message.segment('PID')!, 99)).toEqual([]);
    expect(readRepetition(message.segment('PID')!, 5, 9)).toEqual([]);
  });

  it('reads the HL7 null as empty through comp but keeps it recognisable', () => {
    const value = splitRepetition('""', DEFAULT_DELIMITERS);
    expect(isHl7Null(value)).toBe(true);
    expect(isEmpty(value)).toBe(true);
    expect(comp(value, 1)).toBe('');
    expect(fromText('x')).toEqual([['x']]);
    expect(fromText('')).toEqual([]);
  });
});
