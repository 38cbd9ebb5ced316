import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runTransform } from '../transforms/registry';
import { parseFhirPath, readFhir } from './fhir-path';
import { FHIR_TRANSFORMS, runFhirTransform } from './fhir-transforms';
import { codingSystemName, v2CodeOf } from './v2-names';

/** Writes a FHIR value to v2 and reads it back with the named v2 → FHIR transform. */
function roundTrip(reverse: string, forward: string, value: unknown, args: Record<string, string> = {}): unknown {
  const written = runFhirTransform(reverse, value, args);
  if (!written.ok) throw new Error(written.issue.code);
  const back = runTransform(forward, typeof written.value === 'string' ? written.value : written.value, {});
  if (!back.ok) throw new Error(back.issue.code);
  return back.value;
}

describe('FHIR → v2 transforms read back by the v2 → FHIR ones', () => {
  it('Identifier → CX keeps value, OID / URI / UUID system and type code', () => {
    for (const system of ['urn:oid:2.16.840.1.113883.4.1', 'http://hospital.example/mrn', 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e']) {
      expect(roundTrip('identifier_to_cx', 'cx_to_identifier', { system, value: 'A-1', type: { coding: [{ code: 'MR' }] } })).toMatchObject({ system, value: 'A-1', type: { coding: [{ code: 'MR' }] } });
    }
  });

  it('HumanName → XPN keeps family, given names, prefix, suffix and use', () => {
    expect(roundTrip('human_name_to_xpn', 'xpn_to_human_names', { use: 'official', family: 'Everyman', given: ['Adam', 'A.'], prefix: ['Dr'], suffix: ['Jr'] })).toEqual([
      { use: 'official', family: 'Everyman', given: ['Adam', 'A.'], prefix: ['Dr'], suffix: ['Jr'] },
    ]);
  });

  it('Address → XAD keeps lines, city, state, postal code, country and use', () => {
    expect(roundTrip('address_to_xad', 'xad_to_address', { use: 'work', line: ['1 Main St', 'Suite 2'], city: 'Ann Arbor', state: 'MI', postalCode: '48104', country: 'USA' })).toMatchObject({
      use: 'work',
      line: ['1 Main St', 'Suite 2'],
      city: 'Ann Arbor',
      state: 'MI',
      postalCode: '48104',
      country: 'USA',
    });
  });

  it('ContactPoint → XTN keeps phones (home, work, mobile), faxes and email addresses', () => {
    for (const point of [
      { system: 'phone', value: '555-1234', use: 'home' },
      { system: 'phone', value: '555-9876', use: 'work' },
      { system: 'phone', value: '0612345678', use: 'mobile' },
      { system: 'fax', value: '555-0000' },
      { system: 'email', value: 'a@b.example' },
    ]) {
      expect(roundTrip('contact_point_to_xtn', 'xtn_to_contact_point', point)).toMatchObject(point);
    }
  });

  it('CodeableConcept → CWE keeps two codings with their systems (LOINC first when preferred) and the text', () => {
    const concept = { coding: [{ system: 'http://snomed.info/sct', code: '27113001', display: 'Body weight' }, { system: 'http://loinc.org', code: '29463-7', display: 'Body Weight' }], text: 'Weight' };
    expect(roundTrip('codeable_concept_to_cwe', 'cwe_to_codeable_concept', concept, { prefer: 'http://loinc.org' })).toEqual({ coding: [concept.coding[1], concept.coding[0]], text: 'Weight' });
  });

  it('writes system URIs as the v2 names that read back to them', () => {
    expect(['http://loinc.org', 'http://snomed.info/sct', 'http://unitsofmeasure.org', 'http://hl7.org/fhir/sid/cvx', 'http://terminology.hl7.org/CodeSystem/v2-0078', 'urn:oid:1.2.3', 'urn:id:LOCAL', 'http://x.example/cs'].map(codingSystemName)).toEqual([
      'LN',
      'SCT',
      'UCUM',
      'CVX',
      'HL70078',
      '1.2.3',
      'LOCAL',
      'http://x.example/cs',
    ]);
  });

  it('reverses the guide’s concept maps: gender, result and order statuses', () => {
    expect(['male', 'female', 'other', 'unknown'].map((g) => v2CodeOf('AdministrativeSex', g)).map((r) => r.ok && r.value)).toEqual(['M', 'F', 'O', 'U']);
    expect(v2CodeOf('ResultStatus[Non-Queries]', 'final')).toEqual({ ok: true, value: 'F' });
    expect(v2CodeOf('OrderStatus', 'completed')).toEqual({ ok: true, value: 'CM' });
    expect(v2CodeOf('AdministrativeSex', 'robot')).toMatchObject({ ok: false, issue: { code: 'MAP_UNMAPPED_CODE' } });
  });

  it('Quantity → NM and a units CWE read back as the same value, unit and UCUM code', () => {
    const quantity = { value: 5.9, unit: 'x10*12/L', system: 'http://unitsofmeasure.org', code: '10*12/L' };
    expect(roundTrip('quantity_to_nm', 'nm_to_decimal', quantity)).toBe(5.9);
    expect(roundTrip('quantity_to_unit', 'cwe_to_unit', quantity)).toEqual({ unit: 'x10*12/L', system: 'http://unitsofmeasure.org', code: '10*12/L' });
  });

  it('dates keep their precision and offset', () => {
    expect(runFhirTransform('date_from_iso', '1944-11-17')).toEqual({ ok: true, value: '19441117' });
    expect(runFhirTransform('date_from_iso', '2011-03-04T08:30:00+11:00')).toEqual({ ok: true, value: '20110304083000+1100' });
  });

  it('no transform throws, whatever it is given', () => {
    const anything = fc.anything({ maxDepth: 3 });
    fc.assert(
      fc.property(fc.constantFrom(...FHIR_TRANSFORMS.map((t) => t.name)), anything, (name, input) => {
        expect(() => runFhirTransform(name, input, { map: 'AdministrativeSex' })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});

describe('FHIR paths', () => {
  const patient = {
    identifier: [{ value: 'P', type: { coding: [{ code: 'PLAC' }] } }, { value: 'X' }],
    telecom: [{ use: 'home', value: '1' }, { use: 'work', value: '2' }, { value: '3' }],
    valueQuantity: { value: 4 },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'HM' }] }],
  };
  const read = (path: string): unknown[] => {
    const steps = parseFhirPath(path);
    if (!steps.ok) throw new Error(steps.issue.code);
    return readFhir(patient, steps.value);
  };

  it('take the first item by default, every one with [*], one by index', () => {
    expect(read('telecom.value')).toEqual(['1']);
    expect(read('telecom[*].value')).toEqual(['1', '2', '3']);
    expect(read('telecom[2].value')).toEqual(['3']);
  });

  it('filter items by a sub-path’s text, equal or not, a URL included', () => {
    expect(read('telecom[use!=work].value')).toEqual(['1', '3']);
    expect(read('identifier[type.coding.code=PLAC].value')).toEqual(['P']);
    expect(read('category[*].coding[system=http://terminology.hl7.org/CodeSystem/v2-0074].code')).toEqual(['HM']);
  });

  it('read a choice element by value[x], and reject malformed paths', () => {
    expect(read('value[x].value')).toEqual([4]);
    expect(parseFhirPath('name[').ok).toBe(false);
    expect(parseFhirPath('a..b').ok).toBe(false);
  });
});
