import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AllergyIntolerance, Appointment, Bundle, Condition, Coverage, DiagnosticReport, DocumentReference, Encounter, Immunization, Observation, Patient, RelatedPerson, Resource, ServiceRequest, Specimen } from '@medplum/fhirtypes';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HL7_CORPUS } from '../../test/support/mllp-feed';
import { validateFhirResource } from '../fhir/validation/validate';
import { decodeHl7, findGroups, groupSegments, Hl7Segment, parse, type Hl7Group, type Hl7Message } from '../hl7';
import { convertMessage } from './convert';
import { readField } from './datatypes/v2-value';
import { DEFAULT_PROFILES } from './default-profiles';

const messages = readdirSync(HL7_CORPUS)
  .filter((file) => file.endsWith('.hl7'))
  .sort()
  .flatMap((file) => {
    try {
      return [{ file, message: parse(decodeHl7(readFileSync(join(HL7_CORPUS, file))).text) }];
    } catch {
      return [];
    }
  });
const covered = (message: Hl7Message): boolean => DEFAULT_PROFILES.some((p) => p.messageTypes.includes(`${message.header.messageCode}^${message.header.triggerEvent}`));
const convertible = messages.filter(({ message }) => covered(message));
const resourcesOf = (message: Hl7Message, type?: string): Resource[] =>
  (convertMessage(message, { messageId: 'MSG_TEST' })?.bundle.entry ?? []).flatMap((e) => (e.resource && (!type || e.resource.resourceType === type) ? [e.resource] : []));
const bundleOf = (message: Hl7Message): Bundle => convertMessage(message, { messageId: 'MSG_TEST' })!.bundle;
/** The fullUrl of the Bundle entry holding `resource`: what references to it say. */
const fullUrlOf = (bundle: Bundle, resource: Resource | undefined): string | undefined => bundle.entry?.find((e) => e.resource === resource)?.fullUrl;
const ofType = <T extends Resource>(bundle: Bundle, type: T['resourceType']): T[] => (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));
const family = (code: string, triggers?: string[]) => convertible.filter(({ message }) => message.header.messageCode === code && (!triggers || triggers.includes(message.header.triggerEvent))).map(({ file, message }) => [file, message] as const);

describe('default profiles over the corpus', () => {
  it('cover the corpus ADT and ORU messages', () => {
    expect(convertible.length).toBeGreaterThan(40);
  });

  it.each(convertible.map(({ file, message }) => [file, message] as const))('%s: every produced resource passes the gateway’s validation', (_file, message) => {
    for (const resource of resourcesOf(message)) expect(() => validateFhirResource(resource)).not.toThrow();
  });

  it.each(convertible.map(({ file, message }) => [file, message] as const))('%s: the Patient carries every PID-3 identifier', (_file, message) => {
    // A merge (A40) also names the records merged away: inactive Patients of their own, checked below.
    const patients = (resourcesOf(message, 'Patient') as Patient[]).filter((p) => p.active !== false);
    const pids = message.segments('PID');
    expect(patients).toHaveLength(pids.length);
    // Besides its PID-3 identifiers, a Patient whose first one has no assigning authority carries the sending facility's key for it.
    const own = (patient: Patient | undefined) => (patient?.identifier ?? []).filter((id) => id.system !== 'urn:interop-console:id:patient').map((id) => id.value);
    pids.forEach((pid, i) => expect(own(patients[i])).toEqual(readField(pid, 3).map((cx) => cx[0]?.[0])));
  });

  const results = convertible.filter(({ message }) => message.header.messageCode === 'ORU');
  it.each(results.map(({ file, message }) => [file, message] as const))('%s: each coded, valued OBX is one Observation (an embedded ED report is the report’s presentedForm instead)', (_file, message) => {
    const expected = message.segments('OBX').filter((obx) => obx.field(3) !== '' && obx.field(2) !== 'ED' && obx.field(5) !== '' && !/^(""|\^*)$/.test(obx.field(5))).length;
    expect(resourcesOf(message, 'Observation')).toHaveLength(expected);
  });

  it('converts the same message to the same Bundle every time', () => {
    for (const { message } of convertible) expect(convertMessage(message, { messageId: 'M' })).toEqual(convertMessage(message, { messageId: 'M' }));
  });

  it('never throws on random field edits of corpus messages: they become rule errors or unmapped data', () => {
    const pool = convertible.map(({ message }) => message.toString());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: pool.length - 1 }), fc.array(fc.tuple(fc.constantFrom('PID', 'OBR', 'OBX', 'PV1', 'NTE', 'SPM', 'NK1', 'IN1', 'AL1', 'DG1', 'MRG', 'ORC', 'SCH', 'TQ1', 'AIS', 'AIP', 'TXA', 'RXA', 'RXR'), fc.integer({ min: 1, max: 30 }), fc.string({ maxLength: 40 })), { maxLength: 8 }), (index, edits) => {
        const message = parse(pool[index] as string);
        for (const [segment, field, text] of edits) {
          const target = message.segment(segment);
          if (target) target.setRaw(field, text.replace(/[\r\n|]/g, ''));
        }
        const conversion = convertMessage(message);
        expect(conversion).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('ORU^R01 results over the corpus', () => {
  const fileNamed = (name: string): Hl7Message => messages.find(({ file }) => file === name)!.message;

  it('issues a report at OBR-22 when the lab sent the instant whole (seconds and offset)', () => {
    const conversion = convertMessage(fileNamed('cdcdex_COVID19_ELR_01.hl7'))!;
    expect(ofType<DiagnosticReport>(conversion.bundle, 'DiagnosticReport').map((r) => r.issued)).toEqual(['2021-01-28T16:06:21-05:00']);
    expect(conversion.unmapped.map((u) => u.path)).not.toContain('OBR-22');
  });

  it('issues a report at an OBR-22 sent with seconds but no offset in the sender\'s time zone (CDT in May)', () => {
    const conversion = convertMessage(fileNamed('cdcdex_CELR_TX_ATVersion23.hl7'), { timeZone: 'America/Chicago' })!;
    expect(ofType<DiagnosticReport>(conversion.bundle, 'DiagnosticReport').map((r) => r.issued)).toEqual(['2020-05-06T12:39:00-05:00']);
    expect(conversion.unmapped.map((u) => u.path)).not.toContain('OBR-22');
  });

  it('leaves OBR-22 unmapped, without a rule error, when it has no seconds: none are zero-filled', () => {
    const conversion = convertMessage(fileNamed('msfc_ORU-R01-01.hl7'), { timeZone: 'America/Chicago' })!;
    expect(ofType<DiagnosticReport>(conversion.bundle, 'DiagnosticReport').map((r) => r.issued)).toEqual([undefined]);
    expect(conversion.unmapped).toContainEqual({ path: 'OBR-22', count: 1 });
    expect(conversion.errors.filter((e) => e.source === 'OBR-22')).toEqual([]);
  });
});

describe('the Patient in every feed over the corpus', () => {
  const patientOf = (file: string): Patient | undefined => ofType<Patient>(bundleOf(messages.find((m) => m.file === file)!.message), 'Patient')[0];

  it.each(['msfc_ORM-O01-01.hl7', 'msfc_OML-O21-01.hl7', 'msfc_SIU-S12-01.hl7', 'msfc_VXU-V04-01.hl7', 'msfc_ADT-A01-01.hl7'])('%s: language, marital status, birth order and time of death come with the Patient (PID-15, 16, 25, 29)', (file) => {
    const patient = patientOf(file);
    expect(patient?.communication?.[0]?.language.coding?.[0]?.code).toBe('ara');
    expect(patient?.maritalStatus?.coding?.[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v2-0002', code: 'M' });
    expect(patient?.multipleBirthInteger).toBe(2);
    expect(patient?.deceasedDateTime).toBe('2008-08-25T11:16:30+01:15');
  });

  it('keeps a lab result’s marital status (PID-16) on its Patient', () => {
    expect(patientOf('msfc_ORU-R01-01.hl7')?.maritalStatus?.coding?.[0]?.code).toBe('M');
  });
});

describe('ADT extras over the corpus', () => {
  const admissions = family('ADT').filter(([, message]) => message.header.triggerEvent !== 'A40');

  it.each(admissions)('%s: each named NK1 is a RelatedPerson of the Patient', (_file, message) => {
    const bundle = bundleOf(message);
    const patientUrl = fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]);
    const related = ofType<RelatedPerson>(bundle, 'RelatedPerson');
    expect(related).toHaveLength(message.segments('NK1').filter((nk1) => nk1.field(2) !== '').length);
    for (const person of related) {
      expect(person.patient.reference).toBe(patientUrl);
      expect(person.name?.length).toBeGreaterThan(0);
    }
  });

  it.each(admissions)('%s: each AL1 is an active AllergyIntolerance and each DG1 a Condition of the Patient', (_file, message) => {
    const bundle = bundleOf(message);
    const patientUrl = fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]);
    const allergies = ofType<AllergyIntolerance>(bundle, 'AllergyIntolerance');
    expect(allergies).toHaveLength(message.segments('AL1').filter((al1) => al1.field(3) !== '').length);
    for (const allergy of allergies) {
      expect(allergy.patient.reference).toBe(patientUrl);
      expect(allergy.clinicalStatus?.coding?.[0]?.code).toBe('active');
    }
    const conditions = ofType<Condition>(bundle, 'Condition');
    expect(conditions).toHaveLength(message.segments('DG1').filter((dg1) => dg1.field(3) !== '').length);
    for (const condition of conditions) expect(condition.subject.reference).toBe(patientUrl);
  });

  it.each(admissions)('%s: each insurance with a company name is a Coverage of the Patient paid by it', (_file, message) => {
    const bundle = bundleOf(message);
    const insurances = message.segments('IN1').filter((in1) => readField(in1, 4)[0]?.[0]?.[0]);
    const coverages = ofType<Coverage>(bundle, 'Coverage');
    expect(coverages.map((c) => c.payor[0]?.display)).toEqual(insurances.map((in1) => readField(in1, 4)[0]?.[0]?.[0]));
    for (const coverage of coverages) expect(coverage.beneficiary.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
  });

  it('links the attending and referring doctors (PV1-7, PV1-8) to the visit as Practitioners found by their identifier', () => {
    const message = messages.find(({ file }) => file === 'msfc_ADT-A01-01.hl7')!.message;
    const bundle = bundleOf(message);
    const [encounter] = ofType<Encounter>(bundle, 'Encounter');
    const [attending, referring] = ofType<Resource>(bundle, 'Practitioner');
    expect(encounter?.participant?.map((p) => [p.type?.[0]?.coding?.[0]?.code, p.individual?.reference])).toEqual([
      ['ATND', fullUrlOf(bundle, attending)],
      ['REF', fullUrlOf(bundle, referring)],
    ]);
    expect(bundle.entry?.find((e) => e.resource === attending)?.request).toEqual({ method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=urn%3Aoid%3A1.23%7C1122334' });
  });
});

describe('ADT^A40 merges over the corpus', () => {
  it.each(family('ADT', ['A40']))('%s: the record merged away (MRG-1) is inactive and replaced by the surviving one, which replaces it', (_file, message) => {
    const bundle = bundleOf(message);
    const patients = ofType<Patient>(bundle, 'Patient');
    const survivors = patients.filter((p) => p.active !== false);
    const merged = patients.filter((p) => p.active === false);
    const mrgs = message.segments('MRG');
    expect(merged).toHaveLength(mrgs.length);
    merged.forEach((old, i) => {
      expect(old.identifier?.filter((id) => id.system !== 'urn:interop-console:id:patient').map((id) => id.value)).toEqual(readField(mrgs[i]!, 1).map((cx) => cx[0]?.[0]));
      expect(old.link).toEqual([{ other: { reference: fullUrlOf(bundle, survivors[i]) }, type: 'replaced-by' }]);
      expect(survivors[i]?.link).toEqual([{ other: { reference: fullUrlOf(bundle, old) }, type: 'replaces' }]);
      // MRG-1 carries a local authority (BCBS) only, so the record is keyed by that authority and MRG-1, as its PID-3 was, whoever sends it.
      const mrg1 = readField(mrgs[i]!, 1)[0];
      expect(bundle.entry?.find((e) => e.resource === old)?.request?.url).toBe(`Patient?identifier=${encodeURIComponent(`urn:interop-console:id:patient|authority:${encodeURIComponent(mrg1?.[3]?.[0] ?? '')}.${mrg1?.[0]?.[0]}`)}`);
    });
  });
});


/** The segments `id` that are direct children of each group named `name`, per group. */
const groupSegmentsNamed = (message: Hl7Message, name: string, id: string): Hl7Segment[][] =>
  findGroups(groupSegments(message), name).map((group: Hl7Group) => group.children.filter((c): c is Hl7Segment => c instanceof Hl7Segment && c.id === id));

describe('ORM^O01 and OML^O21 orders over the corpus', () => {
  const orders = [...family('ORM', ['O01']), ...family('OML', ['O21'])];

  it('cover the corpus orders', () => {
    expect(orders.length).toBeGreaterThanOrEqual(10);
  });

  it.each(orders)('%s: each requested service (OBR) is a ServiceRequest of the Patient, found by its placer order number', (_file, message) => {
    const bundle = bundleOf(message);
    const requests = ofType<ServiceRequest>(bundle, 'ServiceRequest');
    const obrs = [...groupSegmentsNamed(message, 'ORDER_DETAIL', 'OBR'), ...groupSegmentsNamed(message, 'OBSERVATION_REQUEST', 'OBR')].flat();
    const patient = ofType<Patient>(bundle, 'Patient')[0];
    expect(requests).toHaveLength(patient ? obrs.filter((obr) => obr.field(4) !== '').length : 0);
    for (const request of requests) {
      expect(request.subject.reference).toBe(fullUrlOf(bundle, patient));
      expect(request.intent).toBe('order');
      const placer = request.identifier?.find((i) => i.type?.coding?.[0]?.code === 'PLAC');
      const entry = bundle.entry?.find((e) => e.resource === request);
      if (placer) expect(entry?.request?.url).toContain(encodeURIComponent(placer.value!));
    }
  });

  it.each(orders)('%s: each specimen (SPM) is a Specimen, and the ServiceRequests name only those', (_file, message) => {
    const bundle = bundleOf(message);
    const specimens = ofType<Specimen>(bundle, 'Specimen');
    const hasPatient = ofType<Patient>(bundle, 'Patient').length > 0;
    expect(specimens).toHaveLength(hasPatient ? message.segments('SPM').filter((spm) => spm.field(4) !== '').length : 0);
    const urls = specimens.map((s) => fullUrlOf(bundle, s));
    for (const request of ofType<ServiceRequest>(bundle, 'ServiceRequest')) for (const named of request.specimen ?? []) expect(urls).toContain(named.reference);
  });

  it.each(orders)('%s: each valued OBX sent with an order (but an ED, which no R4 Observation value can hold) is an Observation of the Patient, named in that ServiceRequest’s supportingInfo', (_file, message) => {
    const bundle = bundleOf(message);
    const requests = ofType<ServiceRequest>(bundle, 'ServiceRequest');
    const observations = ofType<Observation>(bundle, 'Observation');
    const valued = groupSegmentsNamed(message, 'OBSERVATION', 'OBX').flat().filter((obx) => obx.field(3) !== '' && obx.field(5) !== '' && obx.field(2) !== 'ED');
    expect(observations).toHaveLength(requests.length > 0 ? valued.length : 0);
    const supporting = requests.flatMap((r) => (r.supportingInfo ?? []).map((ref) => ref.reference));
    expect(supporting.sort()).toEqual(observations.map((o) => fullUrlOf(bundle, o)).sort());
    for (const observation of observations) expect(observation.subject?.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
  });

  it('keeps an order’s ask-at-order-entry answers: the coded organism and the linked image of msfc_ORM-O01-02', () => {
    const bundle = bundleOf(messages.find(({ file }) => file === 'msfc_ORM-O01-02.hl7')!.message);
    const [request] = ofType<ServiceRequest>(bundle, 'ServiceRequest');
    const observations = ofType<Observation>(bundle, 'Observation');
    expect(observations.map((o) => [o.code.coding?.[0]?.code, o.valueCodeableConcept?.coding?.[0]?.code ?? o.valueString])).toEqual([
      ['625-4', '27268008'],
      ['1063-7', 'https://testurl.com'],
    ]);
    expect(request?.supportingInfo?.map((r) => r.reference)).toEqual(observations.map((o) => fullUrlOf(bundle, o)));
  });
});

describe('SIU^S12–S15 appointments over the corpus', () => {
  const schedules = family('SIU', ['S12', 'S13', 'S14', 'S15']);

  it('cover the corpus appointment notifications', () => {
    expect(schedules.length).toBeGreaterThanOrEqual(8);
  });

  it.each(schedules)('%s: the appointment is found by its filler id, with the status of its event, its times, the patient and each personnel resource taking part', (_file, message) => {
    const bundle = bundleOf(message);
    const [appointment, ...others] = ofType<Appointment>(bundle, 'Appointment');
    expect(others).toHaveLength(0);
    const sch = message.segment('SCH')!;
    expect(bundle.entry?.find((e) => e.resource === appointment)?.request?.url).toBe(`Appointment?identifier=${encodeURIComponent(`urn:interop-console:id:appointment|${readField(message.segment('MSH')!, 4)[0]?.[0]?.[0]}.${readField(sch, 2)[0]?.[0]?.[0]}`)}`);
    expect(appointment?.status).toBe(message.header.triggerEvent === 'S15' ? 'cancelled' : 'booked');
    expect(appointment?.start).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(appointment?.end).toMatch(/^\d{4}-\d\d-\d\dT/);
    const actors = appointment?.participant.map((p) => [p.actor?.reference, p.status]);
    const staff = ofType<Resource>(bundle, 'Practitioner').map((p) => [fullUrlOf(bundle, p), 'accepted']);
    expect(actors).toEqual([[fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]), 'accepted'], ...staff]);
    expect(staff).toHaveLength(new Set(message.segments('AIP').map((aip) => readField(aip, 3)[0]?.[0]?.[0]).filter(Boolean)).size);
    expect(appointment?.serviceType).toHaveLength(message.segments('AIS').filter((ais) => ais.field(3) !== '').length);
  });
});

describe('MDM^T02 documents over the corpus', () => {
  const documents = family('MDM', ['T02']);

  it.each(documents)('%s: a text document is one current DocumentReference of the Patient carrying its OBX text, found by TXA-12', (_file, message) => {
    const bundle = bundleOf(message);
    const refs = ofType<DocumentReference>(bundle, 'DocumentReference');
    const texts = message.segments('OBX').filter((obx) => ['TX', 'FT', 'ST'].includes(obx.field(2)));
    expect(refs).toHaveLength(texts.length > 0 ? 1 : 0);
    for (const ref of refs) {
      expect(ref.status).toBe('current');
      expect(ref.subject?.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
      const attachment = ref.content[0]?.attachment;
      expect(attachment?.contentType).toBe('text/plain');
      expect(Buffer.from(attachment?.data ?? '', 'base64').toString('utf8')).toBe(message.segments('OBX').map((obx) => obx.field(5)).join('\n'));
      expect(ref.masterIdentifier?.value).toBe(message.segment('TXA')!.field(12).split('^')[0]);
      expect(bundle.entry?.find((e) => e.resource === ref)?.request?.url).toMatch(/^DocumentReference\?identifier=urn%3Ainterop-console%3Aid%3Adocument%7C/);
    }
  });
});

describe('MDM^T02 documents kept elsewhere', () => {
  it('makes a document whose only OBX is a reference pointer (RP) a DocumentReference linking to it, its type from RP.3/RP.4, as the guide’s content.url', () => {
    // No corpus MDM carries an RP: corpus msfc_MDM-T02-02 with its text OBX replaced by the RP OBX of corpus msfc_ORM-O01-02.
    const rp = messages.find(({ file }) => file === 'msfc_ORM-O01-02.hl7')!.message.segments('OBX').find((obx) => obx.field(2) === 'RP')!.toString();
    const mdm = messages.find(({ file }) => file === 'msfc_MDM-T02-02.hl7')!.message.toString().split('\r').filter((line) => !line.startsWith('OBX'));
    const bundle = bundleOf(parse([...mdm.filter(Boolean), rp].join('\r')));
    const [document, ...others] = ofType<DocumentReference>(bundle, 'DocumentReference');
    expect(others).toHaveLength(0);
    expect(document?.content).toEqual([{ attachment: { contentType: 'image/pict', url: 'https://testurl.com' } }]);
    expect(document?.masterIdentifier?.value).toBe('1.2.840.317.5947431.51.20080131160038');
    expect(document?.subject?.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
  });
});

describe('VXU^V04 immunizations over the corpus', () => {
  const updates = family('VXU', ['V04']);

  it.each(updates)('%s: each RXA is an Immunization of the Patient with its own route, dose and performer, found by patient, date and vaccine', (_file, message) => {
    const bundle = bundleOf(message);
    const immunizations = ofType<Immunization>(bundle, 'Immunization');
    const rxas = message.segments('RXA');
    expect(immunizations).toHaveLength(rxas.length);
    const routes = groupSegmentsNamed(message, 'ORDER', 'RXR').flat().length;
    expect(immunizations.filter((i) => i.route)).toHaveLength(routes);
    immunizations.forEach((immunization, i) => {
      const rxa = rxas[i]!;
      expect(immunization.patient.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
      expect(immunization.vaccineCode.coding?.[0]?.code).toBe(readField(rxa, 5)[0]?.[0]?.[0]);
      expect(immunization.occurrenceDateTime?.replace(/-/g, '').slice(0, 8)).toBe(rxa.field(3).slice(0, 8));
      expect(immunization.status).toBe(['RE', 'NA'].includes(rxa.field(20)) ? 'not-done' : 'completed');
      expect(immunization.performer?.length ?? 0).toBe(readField(rxa, 10)[0]?.[0]?.[0] ? 1 : 0);
      expect(immunization.lotNumber).toBe(rxa.field(15) || undefined);
      expect(bundle.entry?.find((e) => e.resource === immunization)?.request?.url).toMatch(/^Immunization\?identifier=urn%3Ainterop-console%3Aid%3Aimmunization%7C/);
    });
  });

  it.each(updates)('%s: each valued OBX of an immunization order (funding, eligibility, VIS) is an Observation of the Patient, part of its Immunization; one outside the orders is the Patient’s alone', (_file, message) => {
    const bundle = bundleOf(message);
    const observations = ofType<Observation>(bundle, 'Observation');
    const isValued = (obx: Hl7Segment) => obx.field(3) !== '' && obx.field(5) !== '' && obx.field(2) !== 'ED';
    const ofOrders = groupSegmentsNamed(message, 'OBSERVATION', 'OBX').flat();
    const ofPatient = message.segments('OBX').filter((s) => !ofOrders.includes(s)).filter(isValued);
    expect(observations).toHaveLength(ofOrders.filter(isValued).length + ofPatient.length);
    const immunizations = ofType<Immunization>(bundle, 'Immunization').map((i) => fullUrlOf(bundle, i));
    for (const observation of observations) expect(observation.subject?.reference).toBe(fullUrlOf(bundle, ofType<Patient>(bundle, 'Patient')[0]));
    expect(observations.filter((o) => o.partOf === undefined)).toHaveLength(ofPatient.length);
    for (const observation of observations.filter((o) => o.partOf !== undefined)) expect(immunizations).toContain(observation.partOf?.[0]?.reference);
  });

  it('keeps the funding eligibility and the vaccine information statement dates of msfc_IZ_1_1.1_Admin_Child_Max_Message', () => {
    const bundle = bundleOf(messages.find(({ file }) => file === 'msfc_IZ_1_1.1_Admin_Child_Max_Message.hl7')!.message);
    expect(ofType<Observation>(bundle, 'Observation').map((o) => [o.code.coding?.[0]?.code, o.valueCodeableConcept?.coding?.[0]?.code ?? o.valueDateTime])).toEqual([
      ['64994-7', 'V05'],
      ['30956-7', '88'],
      ['29768-9', '2012-07-02'],
      ['29769-7', '2012-08-14'],
    ]);
  });
});
