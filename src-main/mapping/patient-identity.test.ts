import type { BundleEntry } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { parse } from '../hl7';
import { checkProfile } from './check-profile';
import { composedValue } from './compose-key';
import { defaultProfileFor } from './default-profiles';
import type { Hl7MappingProfileContent } from './profile';
import { runProfile } from './run-profile';

const adt = (facility: string, pid3: string) =>
  [`MSH|^~\\&|PAS|${facility}|EHR|CLINIC|20240102030405||ADT^A01^ADT_A01|C1|P|2.5.1`, 'EVN|A01|20240102030405', `PID|1||${pid3}||DOE^JANE||19800101|F`, 'PV1|1|I', 'AL1|1|DA|70618^Penicillin^RXNORM'].join('\r');

const run = (facility: string, pid3: string) => runProfile(defaultProfileFor('ADT^A01') as Hl7MappingProfileContent, parse(adt(facility, pid3)));
const entryOf = (entries: BundleEntry[] | undefined, type: string) => (entries ?? []).find((e) => e.resource?.resourceType === type);
const keyOf = (facility: string, pid3: string, type = 'Patient') => entryOf(run(facility, pid3).bundle.entry, type)?.request?.url;

describe('the patient identity of the shipped profiles', () => {
  it('keys an MRN whose CX-4 is a local namespace by that authority, whoever sends it', () => {
    expect(keyOf('NORTH', '12345^^^HOSP^MR')).toBe(`Patient?identifier=${encodeURIComponent('urn:interop-console:id:patient|authority:HOSP.12345')}`);
    expect(keyOf('SOUTH', '12345^^^HOSP^MR')).toBe(keyOf('NORTH', '12345^^^HOSP^MR'));
    expect(keyOf('SOUTH', '12345^^^HOSP^MR', 'AllergyIntolerance')).toBe(keyOf('NORTH', '12345^^^HOSP^MR', 'AllergyIntolerance'));
  });

  it('keys a bare MRN by the sending facility, as before, with no former key', () => {
    expect(keyOf('NORTH', '12345')).toBe(`Patient?identifier=${encodeURIComponent('urn:interop-console:id:patient|NORTH.12345')}`);
    expect(keyOf('SOUTH', '12345')).not.toBe(keyOf('NORTH', '12345'));
    expect(run('NORTH', '12345').formerKeys).toBeUndefined();
  });

  it('never gives an authority the key of a sending facility of the same name', () => {
    expect(keyOf('HOSP', '12345')).not.toBe(keyOf('NORTH', '12345^^^HOSP^MR'));
    expect(keyOf('authority:HOSP', '12345')).not.toBe(keyOf('NORTH', '12345^^^HOSP^MR'));
  });

  it('keys an MRN whose authority is an OID by its system alone', () => {
    expect(keyOf('NORTH', '12345^^^&2.16.840.1.113883.19.5&ISO^MR')).toBe(`Patient?identifier=${encodeURIComponent('urn:oid:2.16.840.1.113883.19.5|12345')}`);
    expect(run('NORTH', '12345^^^&2.16.840.1.113883.19.5&ISO^MR').formerKeys).toBeUndefined();
  });

  it('names the former facility key of each resource keyed by the MRN, so stored ones are found again', () => {
    const conversion = run('NORTH', '12345^^^HOSP^MR');
    const former = (type: string) => conversion.formerKeys?.[entryOf(conversion.bundle.entry, type)?.fullUrl ?? ''];
    expect(former('Patient')).toBe(`identifier=${encodeURIComponent('urn:interop-console:id:patient|NORTH.12345')}`);
    expect(former('AllergyIntolerance')).toBe(`identifier=${encodeURIComponent('urn:interop-console:id:allergy|NORTH.12345.70618')}`);
    expect(former('Encounter')).toBeUndefined();
  });

  it('writes a label before the percent-encoded text and refuses a label that could not be told apart', () => {
    const texts: Record<string, string> = { 'PID-3.4.1': 'A.B:C', 'MSH-4': 'NORTH' };
    expect(composedValue(['authority:PID-3.4.1|MSH-4', 'MSH-4'], (path) => texts[path])).toBe('authority:A.B%3AC.NORTH');
    expect(composedValue(['authority:PID-3.5|MSH-4'], (path) => texts[path])).toBe('NORTH');
    const profile = defaultProfileFor('ADT^A01') as Hl7MappingProfileContent;
    const bad = { ...profile, resources: profile.resources.map((t, i) => (i === 0 ? { ...t, identity: { mode: 'update' as const, compose: { system: 's', parts: ['Bad Label:PID-3.4.1'] } } } : t)) };
    expect(checkProfile(bad).map((i) => i.path)).toContain('resources[0].identity.compose.parts[0]');
  });
});

/** A v2.1/v2.2-era sender's PID: the number in PID-2 (external id) or PID-4 (alternate id), PID-3 empty. */
const oldPid = (type: string, pid: string, rest: string[] = []) =>
  [`MSH|^~\\&|LAB|NORTH|EHR|CLINIC|19990102030405||${type}|C1|P|2.2`, pid, ...rest].join('\r');
const convertOld = (type: string, pid: string, rest: string[] = []) => runProfile(defaultProfileFor(type) as Hl7MappingProfileContent, parse(oldPid(type, pid, rest)));

describe('a patient known only by PID-2 or PID-4', () => {
  it.each(['ADT^A01', 'ADT^A17', 'ADT^A40', 'ORU^R01', 'ORM^O01', 'SIU^S12', 'MDM^T02', 'VXU^V04'])('%s: makes the Patient from PID-2, else PID-4, keyed by the sender under its own label', (type) => {
    for (const [pid, label, value] of [
      ['PID|1|555^^^HOSP|||DOE^JANE||19800101|F', 'external', '555'],
      ['PID|1|||777^^^HOSP|DOE^JANE||19800101|F', 'alternate', '777'],
    ] as const) {
      const { bundle, errors } = convertOld(type, pid);
      const patient = entryOf(bundle.entry, 'Patient');
      expect(patient?.resource).toMatchObject({ identifier: [{ value, assigner: { display: 'HOSP' } }, { system: 'urn:interop-console:id:patient', value: `NORTH.${label}:${value}` }] });
      expect(errors.filter((e) => e.ruleId === 'patient-identifier')).toEqual([]);
    }
  });

  it('never takes the key of a PID-3 with the same number from the same sender, and leaves PID-2 out beside a PID-3', () => {
    const external = entryOf(convertOld('ADT^A01', 'PID|1|12345|||DOE^JANE').bundle.entry, 'Patient');
    const mrn = entryOf(convertOld('ADT^A01', 'PID|1|12345|12345||DOE^JANE').bundle.entry, 'Patient');
    expect(external?.request?.url).toBe(`Patient?identifier=${encodeURIComponent('urn:interop-console:id:patient|NORTH.external:12345')}`);
    expect(mrn?.request?.url).toBe(`Patient?identifier=${encodeURIComponent('urn:interop-console:id:patient|NORTH.12345')}`);
    expect((mrn?.resource as { identifier: unknown[] }).identifier).toHaveLength(2);
  });

  it('keys what the patient owns by the same number (an immunization, an allergy)', () => {
    const rxa = ['ORC|RE||65930^DCS', 'RXA|0|1|19990101||08^HEPB^CVX|999'];
    expect(entryOf(convertOld('VXU^V04', 'PID|1|555|||DOE^JANE', rxa).bundle.entry, 'Immunization')?.request?.url).toBe(`Immunization?identifier=${encodeURIComponent('urn:interop-console:id:immunization|NORTH.external:555.19990101.08')}`);
    expect(entryOf(convertOld('ADT^A01', 'PID|1|555|||DOE^JANE', ['AL1|1|DA|70618^Penicillin^RXNORM']).bundle.entry, 'AllergyIntolerance')?.request?.url).toBe(`AllergyIntolerance?identifier=${encodeURIComponent('urn:interop-console:id:allergy|NORTH.external:555.70618')}`);
  });

  it('still says so when a PID names the patient by no identifier at all', () => {
    const { errors } = convertOld('ADT^A01', 'PID|1||||DOE^JANE');
    expect(errors).toContainEqual(expect.objectContaining({ ruleId: 'patient-identifier', code: 'MAP_REQUIRED_MISSING' }));
  });
});

/** After a sweep's Sunquest ORM^O01 (nHapi PipeParsingFixture231.cs) sent again by a second sender that reuses its placer number. */
const orm = (facility: string, pid3: string, orc: string, obr = 'OBR||||CAI^CALCIUM IONIZED') =>
  [`MSH|^~\\&|INVISION|${facility}|SUNQUEST LAB||200606191615||ORM^O01|ORDR|P|2.3.1`, `PID|0001||${pid3}||TRAINONLYPOE^ONE||19770903|F`, orc, obr].join('\r');
const rxo = (facility: string, orc: string) =>
  [`MSH|^~\\&|EMR|${facility}|PHARM||20260220103500||ORM^O01|RX1|P|2.5.1`, 'PID|1||P1||RIVERA^MIA||19910303|F', orc, 'RXO|00093-7424-01^Amoxicillin^NDC|1||CAP'].join('\r');
const siu = (facility: string, sch: string) =>
  [`MSH|^~\\&|EPIC|${facility}|SCHEDULING||20260423104512||SIU^S12^SIU_S12|S1|P|2.5`, sch, 'TQ1|1||||||20260501140000|20260501143000', 'PID|1||MRN1^^^^MR||DOE^JANE||19720619|F'].join('\r');
const urlOf = (type: string, messageType: string, text: string) => entryOf(runProfile(defaultProfileFor(messageType) as Hl7MappingProfileContent, parse(text)).bundle.entry, type)?.request?.url;
const keyed = (type: string, value: string) => `${type}?identifier=${encodeURIComponent(`${value}`)}`;

describe('the order and appointment identity of the shipped profiles', () => {
  it('keys a placer order number without a namespace by the sending facility: two senders’ order 01444 are two ServiceRequests', () => {
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|DHC.01444'));
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('NORTHCLINIC', '9999001', 'ORC|NW|01444'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|NORTHCLINIC.01444'));
  });

  it('keys one with a namespace (EI.2) by it, whoever sends it; OBR-2 where ORC-2 is empty (by the facility: the namespace is only ORC-2’s), and the filler number where neither is sent', () => {
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444^00001'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|authority:00001.01444'));
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('NORTHCLINIC', '3020956', 'ORC|NW|01444^00001'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|authority:00001.01444'));
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('DHC', '3020956', 'ORC|NW', 'OBR||01444^LAB||CAI^CALCIUM IONIZED'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|DHC.01444'));
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('DHC', '3020956', 'ORC|SC||F1492'))).toBe(keyed('ServiceRequest', 'urn:interop-console:id:order|DHC.filler:F1492'));
  });

  it('keys an order whose placer number has a universal id by that system alone', () => {
    expect(urlOf('ServiceRequest', 'ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444^^2.16.840.1.113883.19.1^ISO'))).toBe(keyed('ServiceRequest', 'urn:oid:2.16.840.1.113883.19.1|01444'));
  });

  it('keys a pharmacy order and an appointment by the sending facility alike', () => {
    expect(urlOf('MedicationRequest', 'ORM^O01', rxo('FACA', 'ORC|NW|RX-1001'))).toBe(keyed('MedicationRequest', 'urn:interop-console:id:order|FACA.RX-1001'));
    expect(urlOf('MedicationRequest', 'ORM^O01', rxo('FACB', 'ORC|NW|RX-1001^EMR'))).toBe(keyed('MedicationRequest', 'urn:interop-console:id:order|authority:EMR.RX-1001'));
    expect(urlOf('Appointment', 'SIU^S12', siu('OHIOHEALTH', 'SCH|P-7|APPT1'))).toBe(keyed('Appointment', 'urn:interop-console:id:appointment|OHIOHEALTH.APPT1'));
    expect(urlOf('Appointment', 'SIU^S12', siu('OTHER', 'SCH|P-7|APPT1'))).toBe(keyed('Appointment', 'urn:interop-console:id:appointment|OTHER.APPT1'));
    expect(urlOf('Appointment', 'SIU^S12', siu('OTHER', 'SCH|P-7'))).toBe(keyed('Appointment', 'urn:interop-console:id:appointment|OTHER.placer:P-7'));
    expect(urlOf('Appointment', 'SIU^S12', siu('OTHER', 'SCH|P-7^EMR|APPT1'))).toBe(keyed('Appointment', 'urn:interop-console:id:appointment|OTHER.APPT1'));
    expect(urlOf('Appointment', 'SIU^S12', siu('OTHER', 'SCH|P-7|APPT1^SCHED'))).toBe(keyed('Appointment', 'urn:interop-console:id:appointment|authority:SCHED.APPT1'));
  });
});

const practitionerKeyOf = (messageType: string, text: string) => entryOf(runProfile(defaultProfileFor(messageType) as Hl7MappingProfileContent, parse(text)).bundle.entry, 'Practitioner')?.request?.ifNoneExist;
const practitionerKey = (value: string) => `identifier=${encodeURIComponent(value)}`;

describe('the practitioner identity of the shipped profiles', () => {
  it('keys a bare provider number by the sending facility: two senders\' doctor 1234 are two Practitioners, not one linked to the other\'s orders', () => {
    expect(practitionerKeyOf('ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444||||||||||1234^WELBY^MARCUS'))).toBe(practitionerKey('urn:interop-console:id:practitioner|DHC.1234'));
    expect(practitionerKeyOf('ORM^O01', orm('NORTHCLINIC', '3020956', 'ORC|NW|01444||||||||||1234^JONES^ANNA'))).toBe(practitionerKey('urn:interop-console:id:practitioner|NORTHCLINIC.1234'));
  });

  it('keys one with an assigning authority (XCN-9) by it, and one with a universal id by that system alone, in each profile that makes practitioners', () => {
    expect(practitionerKeyOf('ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444||||||||||1234^WELBY^MARCUS^^^^^^NPIREG'))).toBe(practitionerKey('urn:interop-console:id:practitioner|authority:NPIREG.1234'));
    expect(practitionerKeyOf('ORM^O01', orm('DHC', '3020956', 'ORC|NW|01444||||||||||1234567893^WELBY^MARCUS^^^^^^&2.16.840.1.113883.4.6&ISO'))).toBe(practitionerKey('urn:oid:2.16.840.1.113883.4.6|1234567893'));
    const admit = [`MSH|^~\\&|PAS|WEST|EHR|CLINIC|20240102030405||ADT^A01^ADT_A01|C1|P|2.5.1`, 'EVN|A01|20240102030405', 'PID|1||MRN1||DOE^JANE||19800101|F', 'PV1|1|I|||||0010^ATTEND^AARON'].join('\r');
    expect(practitionerKeyOf('ADT^A01', admit)).toBe(practitionerKey('urn:interop-console:id:practitioner|WEST.0010'));
  });
});
