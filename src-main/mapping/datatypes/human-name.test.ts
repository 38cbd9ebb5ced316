import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { xpnToHumanNames } from './human-name';
import { xcnToPractitioner } from './practitioner';
import { readField, readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('XPN → HumanName', () => {
  it('maps every XPN component of a corpus PID-5 the guide maps', () => {
    const [first, second] = readField(corpus('msfc_ADT-A01-01.hl7').segment('PID')!, 5);
    expect(xpnToHumanNames(first!)).toEqual({
      ok: true,
      value: [
        {
          use: 'usual',
          family: 'EVERYMAN',
          _family: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/humanname-partner-name', valueString: 'Aniston' }] },
          given: ['ADAM', 'A'],
          prefix: ['Dr.'],
          suffix: ['III', 'MD', 'PF'],
          period: { start: '1924-10-12' },
        },
        { use: 'nickname', given: ['Addsm'] },
      ],
    });
    expect(xpnToHumanNames([['Nguyen'], ['Van'], [''], [''], [''], [''], ['L'], [''], [''], [''], ['F']])).toMatchObject({
      ok: true,
      value: [{ extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/humanname-assembly-order', valueCode: 'F' }], use: 'official' }],
    });
    expect(xpnToHumanNames([['Doe'], [''], [''], [''], [''], [''], ['REL']])).toMatchObject({ ok: true, issues: [{ code: 'MAP_UNMAPPED_CODE' }] });
    expect(xpnToHumanNames(second!)).toMatchObject({ ok: true, value: [{ use: 'official', family: 'Josh', given: ['stanley'], period: { start: '1924-10-10', end: '1924-10-15' } }] });
  });

  it('maps the name type through the NameType concept map', () => {
    const pid = corpus('msfc_LRI_2.0-NG_CBC_Typ_Message.hl7').segment('PID')!;
    expect(xpnToHumanNames(readRepetition(pid, 5))).toEqual({ ok: true, value: [{ family: 'Jones', given: ['William', 'A'] }] });
    expect(xpnToHumanNames([['Finn'], ['Huckleberry'], [''], [''], [''], [''], ['L']])).toEqual({ ok: true, value: [{ use: 'official', family: 'Finn', given: ['Huckleberry'] }] });
    expect(xpnToHumanNames([['Smith'], [''], [''], [''], [''], [''], ['M']])).toMatchObject({ ok: true, value: [{ use: 'maiden' }] });
  });

  it('uses XPN.10 as the period only when XPN.12 and XPN.13 are empty', () => {
    const dr = [['Doe'], ['Jane'], [''], [''], [''], [''], [''], [''], [''], ['20000101', '20101231']];
    expect(xpnToHumanNames(dr)).toMatchObject({ ok: true, value: [{ period: { start: '2000-01-01', end: '2010-12-31' } }] });
  });

  it('fails a name with neither family nor given name, as the PHLIP message sends in PID-5', () => {
    const pid = corpus('cdcdex_PHLIP_FLU_2.5.1_VALID_MESSAGE.hl7').segment('PID')!;
    const [empty, typed] = readField(pid, 5);
    expect(empty).toEqual([]);
    expect(xpnToHumanNames(typed!)).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_NAME' } });
  });
});

describe('XCN → practitioner parts', () => {
  it('maps a corpus EVN-5 operator: identifier with system and type, name, and degree as qualification', () => {
    const evn = corpus('msfc_ADT-A01-01.hl7').segment('EVN')!;
    expect(xcnToPractitioner(readRepetition(evn, 5))).toEqual({
      ok: true,
      value: {
        identifier: { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ANON', display: 'Anonymous identifier' }] }, system: 'urn:oid:1.3.6.1.4.1.44750.1.2.2', value: 'C08' },
        name: { use: 'official', family: 'Woolfson', given: ['Kathleen', '2ndname'], prefix: ['Dr'], suffix: ['Jr'] },
        qualification: { code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0360', code: 'MD' }] } },
      },
    });
  });

  it('maps an ORU ordering provider with a local assigning authority and the professional suffix', () => {
    const obr = corpus('msfc_LRI_2.0-NG_CBC_Typ_Message.hl7').segment('OBR')!;
    expect(xcnToPractitioner(readRepetition(obr, 16))).toMatchObject({ ok: true, value: { identifier: { value: '57422', assigner: { display: 'NIST-AA-1' } }, name: { family: 'Radon', given: ['Nicholas'] } } });
    expect(xcnToPractitioner([['1'], ['Doe'], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], [''], ['FACP']])).toMatchObject({
      ok: true,
      value: { name: { family: 'Doe', suffix: ['FACP'] } },
    });
    expect(xcnToPractitioner([])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});
