import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { xadToAddress } from './address';
import { readField, readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('XAD → Address', () => {
  it('maps a corpus PID-11: SAD lines, other designation, city, state, postal code, country, type, district, period, addressee', () => {
    const pid = corpus('msfc_ADT-A01-01.hl7').segment('PID')!;
    expect(xadToAddress(readRepetition(pid, 11))).toEqual({
      ok: true,
      value: {
        type: 'postal',
        line: ['1000', 'Hospital Lane', 'Ste. 123', 'Near Highway'],
        city: 'Ann Arbor',
        district: 'W',
        state: 'MI',
        postalCode: '99999',
        country: 'USA',
        period: { start: '2000-01-10', end: '2000-01-20' },
      },
    });
  });

  it('maps address use through the AddressType concept map and keeps district (CWE text) and census tract', () => {
    const nk1 = corpus('msfc_ADT-A01-01.hl7').segment('NK1')!;
    const [billing] = readField(nk1, 4);
    expect(xadToAddress(billing!)).toEqual({
      ok: true,
      value: {
        use: 'billing',
        line: ['2222', 'HOME', 'STREET', 'Highway'],
        city: 'GREENSBORO',
        district: 'test',
        state: 'NC',
        postalCode: '27401-1020',
        country: 'US',
        period: { start: '2000-01-10', end: '2005-01-11' },
      },
    });
    expect(xadToAddress([['1 Main St'], [''], ['Town'], [''], [''], [''], ['H'], [''], ['', 'Kent County'], ['0101.02']])).toEqual({
      ok: true,
      value: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-censusTract', valueString: '0101.02' }], use: 'home', line: ['1 Main St'], city: 'Town', district: 'Kent County' },
    });
  });

  it('marks a home vacation address with the iso21090 use extension and warns on a type FHIR has no word for', () => {
    expect(xadToAddress([['1 Beach Rd'], [''], [''], [''], [''], [''], ['HV']])).toMatchObject({ ok: true, value: { extension: [{ valueCode: 'HV' }] } });
    expect(xadToAddress([['1 Main St'], [''], [''], [''], [''], [''], ['L']])).toMatchObject({ ok: true, issues: [{ code: 'MAP_UNMAPPED_CODE' }] });
  });

  it('fails an address with no street, city, state, postal code or country', () => {
    expect(xadToAddress([[''], [''], [''], [''], [''], [''], ['H']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_ADDRESS' } });
  });
});
