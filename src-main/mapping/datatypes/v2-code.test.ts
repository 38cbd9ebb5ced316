import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { findV2Map, v2Code, v2MapNames } from './v2-code';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('v2 table lookups through the guide concept maps', () => {
  it('maps administrative sex, abnormal flags, result status, order status and patient class', () => {
    expect(v2Code('0001', 'F')).toEqual({ ok: true, value: { system: 'http://hl7.org/fhir/administrative-gender', code: 'female', display: 'Female' } });
    expect(v2Code('HL70078', 'HH')).toEqual({ ok: true, value: { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'HH', display: 'Critical high' } });
    expect(v2Code('v2-0085', 'F')).toMatchObject({ ok: true, value: { system: 'http://hl7.org/fhir/observation-status', code: 'final' } });
    expect(v2Code('OrderStatus', 'CM')).toMatchObject({ ok: true, value: { code: 'completed' } });
    expect(v2Code('PatientClass[EncounterClass]', 'I')).toEqual({ ok: true, value: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' } });
  });

  it('maps codes read from corpus messages: PID-8, OBX-8 and OBX-11', () => {
    const oru = corpus('msfc_LRI_2.0-NG_CBC_Typ_Message.hl7');
    expect(v2Code('AdministrativeSex', oru.get('PID-8'))).toMatchObject({ ok: true, value: { code: 'male' } });
    expect(v2Code('InterpretationCodes', oru.get('OBX[2]-8'))).toMatchObject({ ok: true, value: { code: 'L' } });
    expect(v2Code('0085', oru.get('OBX[2]-11'))).toMatchObject({ ok: true, value: { code: 'final' } });
  });

  it('names the maps when a table has several, and picks a target system when asked', () => {
    expect(findV2Map('0004')).toMatchObject({ ok: false, issue: { code: 'MAP_AMBIGUOUS_TABLE', message: expect.stringContaining('PatientClass[EncounterClass]') } });
    expect(v2Code('PatientClass[EncounterClass]', 'R', 'http://terminology.hl7.org/CodeSystem/v2-0004')).toMatchObject({ ok: true, value: { code: 'R' } });
    expect(v2MapNames()).toContain('AdministrativeSex');
  });

  it('reports a code the map does not hold, or holds without a target, without quoting it', () => {
    const missing = v2Code('0001', 'Q');
    expect(missing).toMatchObject({ ok: false, issue: { code: 'MAP_UNMAPPED_CODE' } });
    expect(v2Code('ObservationResultStatusCodesInterpretation', 'I')).toMatchObject({ ok: false, issue: { code: 'MAP_UNMAPPED_CODE', message: expect.stringContaining('no FHIR target') } });
    expect(v2Code('NoSuchMap', 'F')).toMatchObject({ ok: false, issue: { code: 'MAP_NO_TABLE' } });
    expect(v2Code('0001', ' ')).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_CODE' } });
  });
});
