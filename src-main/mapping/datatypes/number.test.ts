import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { cqToQuantity, isNmQuantity, nmToDecimal, nmToQuantity, nmToValue, nrToRange, snToValue, unitOf } from './number';
import { cweToCoding } from './codeable-concept';
import { readRepetition, type V2Value } from './v2-value';

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
  const local = [expect.objectContaining({ code: 'MAP_LOCAL_CODING_SYSTEM' })];

  it('marks a unit UCUM when its system says so, or when it has none and is a common UCUM code', () => {
    expect(unitOf([['mg/dL'], ['milligram per deciliter'], ['UCUM']])).toEqual({ ok: true, value: { unit: 'milligram per deciliter', system: UCUM, code: 'mg/dL' } });
    expect(unitOf([['mg/dL']])).toEqual({ ok: true, value: { unit: 'mg/dL', system: UCUM, code: 'mg/dL' } });
  });

  it('keeps the code of a unit in another coding system, with the system every CWE coding of that name gets (the guide: CWE.1 → code, CWE.3 → system)', () => {
    // The guide gives no URI for ISO+ or ANS+ (table 0396 names): they are kept as local names, never claimed UCUM.
    expect(unitOf([['mL'], ['milliliters'], ['ISO+']])).toEqual({ ok: true, value: { unit: 'milliliters', system: 'urn:id:ISO%2B', code: 'mL' }, issues: local });
    expect(unitOf([['ug/mL'], [''], ['ANS+']])).toEqual({ ok: true, value: { unit: 'ug/mL', system: 'urn:id:ANS%2B', code: 'ug/mL' }, issues: local });
    expect(unitOf([['mg/dL'], ['milligram per deciliter'], ['L']])).toEqual({ ok: true, value: { unit: 'milligram per deciliter', system: 'urn:id:L', code: 'mg/dL' }, issues: local });
    const sent: V2Value = [['DOSE'], ['dose'], ['99VAX']];
    expect(unitOf(sent)).toEqual({ ok: true, value: { unit: 'dose', system: 'urn:id:99VAX', code: 'DOSE' }, issues: local });
    expect(cweToCoding(sent)).toMatchObject({ value: { system: 'urn:id:99VAX' } });
  });

  it('never writes a code without a system (qty-3): a code sent without a usable coding system is kept as the unit only', () => {
    expect(unitOf([['beats/min']])).toEqual({ ok: true, value: { unit: 'beats/min' } });
    expect(unitOf([['mL'], ['milliliters'], ['ISO plus']])).toEqual({ ok: true, value: { unit: 'milliliters' }, issues: [expect.objectContaining({ code: 'MAP_BAD_CODING_SYSTEM' })] });
  });

  it('keeps a unit sent as text only (CWE.2), with or without a coding system', () => {
    expect(unitOf([[''], ['milliliters']])).toEqual({ ok: true, value: { unit: 'milliliters' } });
    expect(unitOf([[''], ['milliliters'], ['ISO+']])).toEqual({ ok: true, value: { unit: 'milliliters' } });
    expect(unitOf([])).toEqual({ ok: true, value: {} });
  });

  it('carries the unit and its warning into a Quantity, a Range and a Ratio', () => {
    const iso: V2Value = [['mL'], ['milliliters'], ['ISO+']];
    const unit = { unit: 'milliliters', system: 'urn:id:ISO%2B', code: 'mL' };
    expect(nmToQuantity('0.5', iso)).toEqual({ ok: true, value: { value: 0.5, ...unit }, issues: local });
    expect(snToValue([[''], ['10'], ['-'], ['20']], iso)).toEqual({ ok: true, value: { type: 'Range', value: { low: { value: 10, ...unit }, high: { value: 20, ...unit } } }, issues: local });
    expect(snToValue([['<'], ['1'], [':'], ['8']], iso)).toEqual({ ok: true, value: { type: 'Ratio', value: { numerator: { value: 1, comparator: '<', ...unit }, denominator: { value: 8 } } }, issues: local });
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

  it('keeps what has no FHIR form as its text, as the guide says: "<>", a comparator on a range, one written with its number', () => {
    expect(snToValue([['<>'], ['5']], [], 'mg/dL')).toMatchObject({ ok: true, value: { type: 'string', value: '<> 5 mg/dL' }, issues: [{ code: 'MAP_SN_AS_TEXT' }] });
    expect(snToValue([['<'], ['1'], ['-'], ['5']])).toMatchObject({ ok: true, value: { type: 'string', value: '< 1 - 5' } });
    expect(snToValue([['<=0.25']])).toMatchObject({ ok: true, value: { type: 'string', value: '<=0.25' } });
  });

  it('fails a bad number and an empty SN', () => {
    expect(snToValue([[''], ['1,5']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_NUMBER' } });
    expect(snToValue([])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});

describe('NR → Range', () => {
  it('takes either bound open, each number with its precision', () => {
    expect(nrToRange([['3.5'], ['5.0']])).toMatchObject({ ok: true, value: { low: { value: 3.5 }, high: { value: 5 } } });
    expect(nrToRange([[''], ['7.10']])).toMatchObject({ ok: true, value: { high: { value: 7.1 } } });
    expect(nrToRange([['2']])).toEqual({ ok: true, value: { low: { value: 2 } } });
  });

  it('refuses an empty range and a bound that is no number', () => {
    expect(nrToRange([[''], ['']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
    expect(nrToRange([['1,5'], ['3']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_NUMBER' } });
  });

  it('reads an NM as a Quantity with the comparator a sender wrote before it, and text in the field as text with a warning', () => {
    expect(nmToValue('<0.5')).toEqual({ ok: true, value: { type: 'Quantity', value: { value: 0.5, comparator: '<' } } });
    expect(nmToValue(' >= 100 ')).toEqual({ ok: true, value: { type: 'Quantity', value: { value: 100, comparator: '>=' } } });
    expect(nmToValue('-7.50')).toEqual({ ok: true, value: { type: 'Quantity', value: { value: -7.5 } } });
    expect(nmToValue('TNP', 'mg/dL')).toMatchObject({ ok: true, value: { type: 'string', value: 'TNP' }, issues: [{ code: 'MAP_NM_AS_TEXT' }] });
    expect(nmToValue('1,5', 'mg/dL')).toMatchObject({ ok: true, value: { type: 'string', value: '1,5 mg/dL' } });
    expect(nmToValue('  ')).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
    expect(['5', '<5', '>= 0.25', '+.5'].every(isNmQuantity)).toBe(true);
    expect(['5 mg', '<>5', '1,5', '=5', ''].some(isNmQuantity)).toBe(false);
  });
});
