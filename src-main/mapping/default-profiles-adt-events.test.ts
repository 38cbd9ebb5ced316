import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleEntry, Encounter, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { validateFhirResource } from '../fhir/validation/validate';
import { decodeHl7, parse } from '../hl7';
import { HL7_CORPUS } from '../../test/support/mllp-feed';
import { defaultProfileFor } from './default-profiles';
import { runProfile } from './run-profile';

/** The default ADT profiles over the events that move a visit after it began: class changes, tracking, cancels, swaps. */

const run = (type: string, lines: string[]) => runProfile(defaultProfileFor(type)!, parse(lines.join('\r')));
const corpus = (name: string) => {
  const message = parse(decodeHl7(readFileSync(join(HL7_CORPUS, name))).text);
  return runProfile(defaultProfileFor(`ADT^${message.header.triggerEvent}`)!, message);
};
const ofType = <T,>(entries: BundleEntry[] | undefined, type: string): T[] => (entries ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];
const encounterEntries = (entries: BundleEntry[] | undefined) => (entries ?? []).filter((e) => e.resource?.resourceType === 'Encounter');
const VISIT = 'urn:interop-console:id:visit';

function expectValid(entries: BundleEntry[] | undefined): void {
  for (const entry of entries ?? []) expect(() => validateFhirResource(entry.resource), entry.resource?.resourceType).not.toThrow();
}

// After v2 chapter 3's examples (MCM, GENHOS), with the visit number PV1-19 real feeds carry.
const header = (event: string, structure: string) => [`MSH|^~\\&|REGADT|MCM|IFENG||199901061000||ADT^${event}^${structure}|00000${event}|P|2.5.1`, `EVN|${event}|199901061000`];
const PID = 'PID|||191919^^^GENHOS^MR~371-66-9256^^^USSSA^SS||MASSIE^JAMES^A||19560129|M|||171 ZOBERLEIN^^ISHPEMING^MI^49849';
/** A PV1 of the given fields (`{ 2: 'I', 19: '…' }`), the rest empty. */
const pv1 = (fields: Record<number, string | undefined>) => ['PV1', ...Array.from({ length: Math.max(...Object.keys(fields).map(Number)) }, (_, i) => fields[i + 1] ?? '')].join('|');
const PV1 = (cls: string, location: string, discharged?: string) =>
  pv1({ 2: cls, 3: location, 8: '0148^ADDISON^JAMES', 10: 'SUR', 14: 'ADM', 15: 'A0', 18: 'S', 19: '10199925^^^GENHOS^VN', 44: '199901051000', ...(discharged ? { 45: discharged } : {}) });

describe('ADT default: class changes, cancels and tracking update the visit’s Encounter', () => {
  it('changes the class of the visit on an A06 (outpatient to inpatient) and keeps it in progress, as A08 updates Patient and Encounter', () => {
    const { bundle, errors } = run('ADT^A06', [...header('A06', 'ADT_A06'), PID, PV1('I', '6N^1234^A^GENHOS')]);
    const [encounter] = ofType<Encounter>(bundle.entry, 'Encounter');
    expect(encounter).toMatchObject({ status: 'in-progress', class: { code: 'IMP' }, location: [{ location: { display: 'A, 1234, 6N, GENHOS' }, status: 'active' }] });
    expect(encounter?.identifier).toContainEqual({ system: VISIT, value: 'MCM.10199925' });
    expect(ofType<Patient>(bundle.entry, 'Patient')[0]?.name?.[0]?.family).toBe('MASSIE');
    expect(errors).toEqual([]);
    expectValid(bundle.entry);
  });

  it('maps the corpus A06 and A07 with the same Encounter rules', () => {
    for (const name of ['msfc_ADT-A06-01.hl7', 'msfc_ADT-A07-01.hl7']) {
      const { bundle } = corpus(name);
      expect(ofType<Encounter>(bundle.entry, 'Encounter').map((e) => e.status), name).toEqual(['in-progress']);
      expectValid(bundle.entry);
    }
  });

  it('marks the visit cancelled on an A11, found again by its visit number, and writes a complete Encounter from a minimal message', () => {
    const minimal = run('ADT^A11', [...header('A11', 'ADT_A09'), 'PID|||191919^^^GENHOS^MR||MASSIE^JAMES', pv1({ 2: 'I', 19: '10199925^^^GENHOS^VN' })]);
    const [entry] = encounterEntries(minimal.bundle.entry);
    expect(entry?.request).toEqual({ method: 'PUT', url: `Encounter?identifier=${encodeURIComponent(`${VISIT}|MCM.10199925`)}` });
    expect(entry?.resource).toMatchObject({ status: 'cancelled', class: { code: 'IMP' }, subject: { reference: expect.stringMatching(/^urn:uuid:/) } });
    expectValid(minimal.bundle.entry);
    const { bundle } = corpus('msfc_ADT-A11-01.hl7');
    expect(ofType<Encounter>(bundle.entry, 'Encounter').map((e) => e.status)).toEqual(['cancelled']);
    expectValid(bundle.entry);
  });

  it('puts the visit back in progress on an A13 and writes it without the cancelled discharge time', () => {
    const { bundle } = run('ADT^A13', [...header('A13', 'ADT_A01'), PID, PV1('I', '6N^1234^A^GENHOS', '199901061000')]);
    const [encounter] = ofType<Encounter>(bundle.entry, 'Encounter');
    expect(encounter?.status).toBe('in-progress');
    expect(encounter?.period).toEqual({ start: '1999-01-05' });
    expectValid(bundle.entry);
    const corpusA13 = corpus('msfc_ADT-A13-02.hl7');
    expect(ofType<Encounter>(corpusA13.bundle.entry, 'Encounter').map((e) => [e.status, e.period?.end])).toEqual([['in-progress', undefined]]);
    expectValid(corpusA13.bundle.entry);
  });

  it('puts the patient back in the location the A12 sends (the one before the cancelled transfer)', () => {
    const { bundle } = run('ADT^A12', [...header('A12', 'ADT_A12'), PID, PV1('I', '6N^1234^A^GENHOS')]);
    expect(ofType<Encounter>(bundle.entry, 'Encounter')[0]).toMatchObject({ status: 'in-progress', location: [{ location: { display: 'A, 1234, 6N, GENHOS' }, status: 'active' }] });
    expectValid(bundle.entry);
  });

  it('updates the location on a tracking A09 or A10 without claiming a status the event does not give', () => {
    for (const name of ['msfc_ADT-A09-01.hl7', 'msfc_ADT-A10-01.hl7']) {
      const { bundle } = corpus(name);
      const [encounter] = ofType<Encounter>(bundle.entry, 'Encounter');
      expect(encounter?.status, name).toBe('unknown');
      expect(encounter?.location?.[0]?.location.display, name).toBeTruthy();
      expectValid(bundle.entry);
    }
  });
});

describe('ADT^A17 default: two patients swap beds', () => {
  // v2 chapter 3's A17: two PID/PV1 pairs, each patient's PV1-3 its new bed.
  const A17 = [
    ...header('A17', 'ADT_A17'),
    'PID|||191919^^^GENHOS^MR||MASSIE^JAMES^A||19560129|M',
    pv1({ 2: 'I', 3: '6N^1234^A^GENHOS', 7: '0100^ANDERSON^CARL', 8: '0148^ADDISON^JAMES', 10: 'SUR', 14: 'ADM', 15: 'A0', 19: '10199925^^^GENHOS^VN' }),
    'PID|||131313^^^GENHOS^MR||EVERYWOMAN^EVE^E||19501010|F',
    pv1({ 2: 'I', 3: '6N^1235^B^GENHOS', 7: '0200^BROWN^ALICE', 8: '0148^ADDISON^JAMES', 10: 'SUR', 14: 'ADM', 15: 'A0', 19: '10199926^^^GENHOS^VN' }),
  ];

  it('gives each patient’s Encounter its own PV1’s location, linked to that patient, in progress', () => {
    const { bundle, errors } = run('ADT^A17', A17);
    const patients = (bundle.entry ?? []).filter((e) => e.resource?.resourceType === 'Patient');
    const encounters = ofType<Encounter>(bundle.entry, 'Encounter');
    expect(patients.map((e) => (e.resource as Patient).name?.[0]?.family)).toEqual(['MASSIE', 'EVERYWOMAN']);
    expect(encounters.map((e) => [e.identifier?.find((i) => i.system === VISIT)?.value, e.location?.[0]?.location.display, e.subject?.reference, e.status])).toEqual([
      ['MCM.10199925', 'A, 1234, 6N, GENHOS', patients[0]?.fullUrl, 'in-progress'],
      ['MCM.10199926', 'B, 1235, 6N, GENHOS', patients[1]?.fullUrl, 'in-progress'],
    ]);
    const doctors = ofType<{ identifier: { value: string }[] }>(bundle.entry, 'Practitioner').map((p) => p.identifier[0]?.value);
    expect(doctors).toEqual(['0100', '0200', '0148']);
    expect(errors).toEqual([]);
    expectValid(bundle.entry);
  });
});
