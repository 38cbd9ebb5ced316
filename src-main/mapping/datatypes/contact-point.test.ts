import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { xtnToContactPoint } from './contact-point';
import { readField, readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);
const EXT = 'http://hl7.org/fhir/StructureDefinition/';

describe('XTN → ContactPoint', () => {
  it('maps a corpus PID-13: mobile phone, unformatted number, extension, period and rank', () => {
    const [first, second] = readField(corpus('msfc_ADT-A01-01.hl7').segment('PID')!, 13);
    expect(xtnToContactPoint(first!)).toEqual({
      ok: true,
      value: {
        extension: [{ url: `${EXT}contactpoint-local`, valueString: '1111' }],
        system: 'phone',
        value: '2222',
        use: 'mobile',
        rank: 18,
        period: { start: '2001-01-10', end: '2002-01-10' },
      },
    });
    expect(xtnToContactPoint(second!)).toEqual({ ok: true, value: { system: 'phone', value: '12121212', use: 'mobile' } });
  });

  it('takes an Internet address from XTN.4 and the use from XTN.2', () => {
    const pid = corpus('msfc_ADT-A01-01.hl7').segment('PID')!;
    expect(xtnToContactPoint(readRepetition(pid, 40))).toEqual({ ok: true, value: { system: 'email', value: '89898989', use: 'work' } });
    expect(xtnToContactPoint([[''], [''], ['Internet'], ['fred@example.org']])).toEqual({ ok: true, value: { system: 'email', value: 'fred@example.org' } });
    expect(xtnToContactPoint([[''], ['NET'], [''], ['fred@example.org']])).toMatchObject({ ok: true, value: { system: 'email', value: 'fred@example.org' }, issues: [{ code: 'MAP_UNMAPPED_CODE' }] });
  });

  it('builds the number from country, area, local number and extension as the guide writes it', () => {
    const orc = corpus('msfc_ORU-R01-01.hl7').segment('ORC')!;
    expect(xtnToContactPoint(readRepetition(orc, 23))).toMatchObject({ ok: true, value: { system: 'phone', value: '+1 5555555', use: 'work' } });
    expect(xtnToContactPoint([[''], ['PRN'], ['PH'], [''], ['1'], ['555'], ['1234567'], ['89']])).toMatchObject({ ok: true, value: { system: 'phone', value: '+1 555 1234567 X89', use: 'home' } });
    expect(xtnToContactPoint([[''], [''], ['FX'], [''], [''], ['555'], ['1234567']])).toMatchObject({ ok: true, value: { system: 'fax', value: '555 1234567' } });
  });

  it('treats XTN.1 without an equipment type as a phone, and fails when there is no number at all', () => {
    expect(xtnToContactPoint([['(555)555-5555'], ['BPN'], ['PH']])).toMatchObject({ ok: true, value: { system: 'phone', value: '(555)555-5555' }, issues: [{ code: 'MAP_UNMAPPED_CODE' }] });
    expect(xtnToContactPoint([['5551234']])).toEqual({ ok: true, value: { system: 'phone', value: '5551234' } });
    expect(xtnToContactPoint([[''], ['PRN'], ['PH']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_TELECOM' } });
  });
});
