import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { cqToQuantity, nmToDecimal, nmToQuantity, snToValue, unitOf } from './number';
import { readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);
const UCUM = 'http://unitsofmeasure.org';

describe('NM → decimal', () => {
  it.each([['+1.50', 1.5], ['-0.2', -0.2], ['.5', 0.5], ['12.', 12], ['105600', 105600]])('%s → %d', (text, n) => {
    expect(nmToDecimal(text)).toEqual({ ok: true, value: n });
  });

  it.each(['1,5', '1 000', '1e5', 'abc', '', '--1', 'NaN', 'Infinity'])('refuses %j with MAP_BAD_NUMBER', (text) => {
    expect(nmToDecimal(text)).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_NUMBER' } });
  });

  it('maps corpus NM results with their UCUM units', () => {
    const obx = corpus('msfc_LRI_2.0-NG_CBC_Typ_Message.hl7').segments('OBX');
    expect(nmToQuantity(obx[0]!.get('5'), readRepetition(obx[0]!, 6))).toEqual({ ok: true, value: { value: 4.41, unit: 'million per microliter', system: UCUM, code: '10*6/uL' } });
    expect(nmToQuantity(obx[2]!.get('5'), readRepetition(obx[2]!, 6))).toEqual({ ok: true, value: { value: 41, unit: 'percent', system: UCUM, code: '%' } });
  });
});

describe('units', () => {
  it('marks a unit UCUM when its system says so, or when it has none and is a common UCUM code', () => {
    expect(unitOf([['mg/dL']])).toEqual({ unit: 'mg/dL', system: UCUM, code: 'mg/dL' });
    expect(unitOf([['beats/min'], [''], ['ISO']])).toEqual({ unit: 'beats/min' });
    expect(unitOf([['mg/dL'], ['milligram per deciliter'], ['L']])).toEqual({ unit: 'milligram per deciliter' });
  });

  it('maps a CQ with its unit in subcomponents', () => {
    expect(cqToQuantity([['150'], ['mL', 'milliliter', 'UCUM']])).toEqual({ ok: true, value: { value: 150, unit: 'milliliter', system: UCUM, code: 'mL' } });
  });
});

describe('SN → Quantity / Range / Ratio / string', () => {
  it('maps corpus SN results: a plain age, and a comparator with its unit', () => {
    const age = corpus('cdcdex_COVID19_ELR_01.hl7').segment('OBX')!;
    expect(snToValue(readRepetition(age, 5), readRepetition(age, 6))).toEqual({ ok: true, value: { type: 'Quantity', value: { value: 33, unit: 'year', system: UCUM, code: 'a' } } });
    const mic = corpus('cdcdex_RawHL7DataDAART.hl7').segments('OBX').find((s) => s.get('2') === 'SN' && s.get('5.1') === '<')!;
    expect(snToValue(readRepetition(mic, 5), readRepetition(mic, 6))).toMatchObject({ ok: true, value: { type: 'Quantity', value: { comparator: '<', value: 0.001 } } });
  });

  it('maps a range, a ratio and a categorical suffix', () => {
    expect(snToValue([[''], ['10'], ['-'], ['20']])).toEqual({ ok: true, value: { type: 'Range', value: { low: { value: 10 }, high: { value: 20 } } } });
    expect(snToValue([[''], ['1'], [':'], ['128']])).toEqual({ ok: true, value: { type: 'Ratio', value: { numerator: { value: 1 }, denominator: { value: 128 } } } });
    expect(snToValue([['>'], ['1'], ['/'], ['64']])).toMatchObject({ ok: true, value: { type: 'Ratio', value: { numerator: { comparator: '>', value: 1 } } } });
    expect(snToValue([[''], ['2'], ['+']])).toEqual({ ok: true, value: { type: 'string', value: '2+' } });
  });

  it('fails "<>", a comparator on a range, a bad number and an empty SN', () => {
    expect(snToValue([['<>'], ['5']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_COMPARATOR' } });
    expect(snToValue([['<'], ['1'], ['-'], ['5']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_COMPARATOR' } });
    expect(snToValue([[''], ['1,5']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_NUMBER' } });
    expect(snToValue([])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});
