import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { cxToIdentifier, eiToIdentifier, eipToIdentifiers, hdToSystem } from './identifier';
import { readField, readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);
const TYPE = 'http://terminology.hl7.org/CodeSystem/v2-0203';

describe('HD → system', () => {
  it.each([
    [[['NIST MPI'], ['2.16.840.1.113883.3.72.5.30.2'], ['ISO']], 'urn:oid:2.16.840.1.113883.3.72.5.30.2'],
    [[[''], ['0f8fad5b-d9cb-469f-a165-70867728950e'], ['UUID']], 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e'],
    [[['x'], ['https://ids.example.org/mrn'], ['URI']], 'https://ids.example.org/mrn'],
    [[['2.16.840.1.113883.19']], 'urn:oid:2.16.840.1.113883.19'],
  ])('%j → %s', (hd, system) => {
    expect(hdToSystem(hd)).toEqual({ ok: true, value: system });
  });

  it('gives no system for a local namespace name alone', () => {
    expect(hdToSystem([['NIST MPI']])).toMatchObject({ ok: false, issue: { code: 'MAP_LOCAL_NAMESPACE' } });
  });
});

describe('CX → Identifier', () => {
  it('maps the PID-3 repetitions of a corpus ADT: value, check digit, system, type and period', () => {
    const pid = corpus('msfc_ADT-A01-01.hl7').segment('PID')!;
    const [mrn, ssn] = readField(pid, 3);
    expect(cxToIdentifier(mrn!)).toEqual({
      ok: true,
      value: {
        extension: [
          { url: 'http://hl7.org/fhir/StructureDefinition/identifier-checkDigit', valueString: '5' },
          { url: 'http://hl7.org/fhir/StructureDefinition/namingsystem-checkDigit', valueString: 'M11' },
        ],
        type: { coding: [{ system: TYPE, code: 'MR', display: 'Medical record number' }] },
        system: 'urn:oid:2.16.1',
        value: 'PATID1234',
      },
    });
    expect(cxToIdentifier(ssn!)).toEqual({
      ok: true,
      value: { type: { coding: [{ system: TYPE, code: 'SS', display: 'Social Security number' }] }, assigner: { display: 'USSSA' }, value: '123456789' },
      issues: [expect.objectContaining({ code: 'MAP_LOCAL_NAMESPACE' })],
    });
  });

  it('maps an ELR PID-3 with an ISO authority and the CX.7/CX.8 dates of PID-2', () => {
    const oru = corpus('cdcdex_COVID19_ELR_01.hl7');
    expect(cxToIdentifier(readRepetition(oru.segment('PID')!, 3))).toMatchObject({
      ok: true,
      value: { system: 'urn:oid:2.16.840.1.113883.3.8589.4.2.7.2', value: 'P21-0000105078', type: { coding: [{ code: 'SID' }] } },
    });
    expect(cxToIdentifier([['1'], [''], [''], ['', '1.2.3', 'ISO'], ['NOT-A-TYPE']])).toMatchObject({ ok: true, issues: [{ code: 'MAP_UNMAPPED_CODE' }] });
    const adt = corpus('msfc_ADT-A01-01.hl7');
    expect(cxToIdentifier(readRepetition(adt.segment('PID')!, 2))).toMatchObject({ ok: true, value: { value: '1234567', period: { start: '1924-10-11', end: '1924-10-12' } } });
  });

  it('fails without CX.1', () => {
    expect(cxToIdentifier([[''], [''], [''], ['MR']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});

describe('EI / EIP → Identifier', () => {
  it('maps a corpus OBR-3 filler order number with its universal id', () => {
    const obr = corpus('cdcdex_COVID19_ELR_01.hl7').segment('OBR')!;
    expect(eiToIdentifier(readRepetition(obr, 3), 'FILL')).toEqual({
      ok: true,
      value: { type: { coding: [{ system: TYPE, code: 'FILL' }] }, system: 'urn:oid:2.16.840.1.113883.3.8589.4.2.7.2', value: 'P21-0000105078' },
    });
  });

  it('maps both parts of an EIP with the guide types PGN and FGN', () => {
    const result = eipToIdentifiers([['P1', 'EHR', '1.2.3', 'ISO'], ['F1', 'LAB', '1.2.4', 'ISO']]);
    expect(result).toEqual({
      ok: true,
      value: [
        { type: { coding: [{ system: TYPE, code: 'PGN' }] }, system: 'urn:oid:1.2.3', value: 'P1' },
        { type: { coding: [{ system: TYPE, code: 'FGN' }] }, system: 'urn:oid:1.2.4', value: 'F1' },
      ],
    });
    expect(eipToIdentifiers([])).toMatchObject({ ok: false });
  });
});
