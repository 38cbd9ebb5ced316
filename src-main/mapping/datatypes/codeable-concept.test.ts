import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { ceToCodeableConcept, cweToCodeableConcept, cweToCoding } from './codeable-concept';
import { codingSystemUri } from './coding-systems';
import { readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('coding system names → URIs', () => {
  it.each([
    ['LN', 'http://loinc.org'],
    ['SCT', 'http://snomed.info/sct'],
    ['SNM3', 'http://snomed.info/sct'],
    ['UCUM', 'http://unitsofmeasure.org'],
    ['I9CDX', 'http://hl7.org/fhir/sid/icd-9-cm'],
    ['I10C', 'http://hl7.org/fhir/sid/icd-10-cm'],
    ['I10', 'http://hl7.org/fhir/sid/icd-10'],
    ['CVX', 'http://hl7.org/fhir/sid/cvx'],
    ['NDC', 'http://hl7.org/fhir/sid/ndc'],
    ['RXNORM', 'http://www.nlm.nih.gov/research/umls/rxnorm'],
    ['HL70136', 'http://terminology.hl7.org/CodeSystem/v2-0136'],
    ['HL7-0005', 'http://terminology.hl7.org/CodeSystem/v2-0005'],
    ['2.16.840.1.114222.4.5.232', 'urn:oid:2.16.840.1.114222.4.5.232'],
    ['http://example.org/codes', 'http://example.org/codes'],
  ])('%s → %s', (name, uri) => {
    expect(codingSystemUri(name)).toEqual({ ok: true, value: uri });
  });

  it('keeps a local coding system name as urn:id: with a warning, so nothing is dropped', () => {
    expect(codingSystemUri('99zzz')).toEqual({ ok: true, value: 'urn:id:99zzz', issues: [expect.objectContaining({ code: 'MAP_LOCAL_CODING_SYSTEM' })] });
    expect(codingSystemUri('a name with spaces')).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_CODING_SYSTEM' } });
  });
});

describe('CWE / CE / CNE → CodeableConcept', () => {
  it('maps both triplets of a corpus OBX-5 CWE and keeps original text as text', () => {
    const obx = corpus('cdcdex_PHLIP_FLU_2.5.1_VALID_MESSAGE.hl7').segment('OBX')!;
    expect(cweToCodeableConcept(readRepetition(obx, 3))).toEqual({
      ok: true,
      value: { coding: [{ system: 'http://loinc.org', code: '94533-7', display: 'SARS-CoV-2 N gene Resp Ql NAA+probe' }, { system: 'urn:id:L', code: 'SC2', display: 'SARS-CoV-2' }] },
      issues: [expect.objectContaining({ code: 'MAP_LOCAL_CODING_SYSTEM' })],
    });
    const value = cweToCodeableConcept([['260415000'], ['Not detected'], ['SCT'], [''], [''], [''], [''], [''], ['Not detected in sample']]);
    expect(value).toEqual({ ok: true, value: { coding: [{ system: 'http://snomed.info/sct', code: '260415000', display: 'Not detected' }], text: 'Not detected in sample' } });
  });

  it('maps the code system version and the second alternate triplet', () => {
    const oru = corpus('cdcdex_COVID19_ELR_01.hl7').segments('OBX')[1]!;
    const result = cweToCodeableConcept(readRepetition(oru, 3));
    expect(result).toMatchObject({ ok: true, value: { coding: [{ system: 'http://loinc.org', version: '2.69', code: '95417-2' }] } });
    expect(cweToCodeableConcept([['a'], [''], ['LN'], [''], [''], [''], [''], [''], [''], ['b'], ['B'], ['SCT'], ['2024']])).toMatchObject({
      ok: true,
      value: { coding: [{ code: 'a' }, { system: 'http://snomed.info/sct', code: 'b', display: 'B', version: '2024' }] },
    });
  });

  it('uses the bound v2 table as the system of a code sent without one', () => {
    expect(cweToCodeableConcept([['H']], { table: '0078' })).toEqual({ ok: true, value: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0078', code: 'H' }] } });
  });

  it('keeps text sent without a code as the concept text, and fails only when nothing is sent', () => {
    expect(cweToCodeableConcept([[''], ['Married']])).toEqual({ ok: true, value: { text: 'Married' } });
    expect(cweToCodeableConcept([])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_CODE' } });
  });

  it('reads a CE as its first six components only', () => {
    expect(ceToCodeableConcept([['1'], ['One'], ['LN'], [''], [''], [''], [''], [''], ['ignored']])).toEqual({ ok: true, value: { coding: [{ system: 'http://loinc.org', code: '1', display: 'One' }] } });
  });

  it('gives the first coding for a Coding-typed element', () => {
    expect(cweToCoding([['8867-4'], ['heartrate'], ['LN']])).toEqual({ ok: true, value: { system: 'http://loinc.org', code: '8867-4', display: 'heartrate' } });
    expect(cweToCoding([[''], ['text only']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_CODE' } });
  });
});
