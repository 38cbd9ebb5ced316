import type { Appointment, Attachment, BundleEntry, DiagnosticReport, DocumentReference, Immunization, MedicationRequest, Observation, Practitioner, Quantity, ServiceRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { stringifyFhirJson } from '../fhir/fhir-json-text';
import { validateFhirResource } from '../fhir/validation/validate';
import { parse } from '../hl7';
import { defaultProfileFor } from './default-profiles';
import { runProfile } from './run-profile';

/** The default profiles over senders' habits an acceptance sweep of public messages found (each message abridged, its shape kept). */

const run = (type: string, lines: string[]) => runProfile(defaultProfileFor(type)!, parse(lines.join('\r')));
const ofType = <T,>(entries: BundleEntry[] | undefined, type: string): T[] => (entries ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];

/** A PDF's first bytes, base64 (`%PDF-1.5…`), as a lab puts a clinical report in an ED OBX. */
const PDF = 'JVBERi0xLjUKJeLjz9MK';

describe('ORU^R01 default: an embedded report (OBX-2 ED)', () => {
  // After quest_oru_ct_ng_pdf: results in one order, the clinical PDF in an order of its own.
  const ORU = [
    'MSH|^~\\&|QLS|TME^05D0642827^CLIA||90046003|20170511112837.000-0700||ORU^R01^ORU_R01|800001|P|2.5.1',
    'PID|1||SAFE.11111111^^^^PT||SMITH^JILL||19581228|M',
    'ORC|RE|9^QUEST|WH350986T^QUEST||CM',
    'OBR|1|9^QUEST|WH350986T^QUEST|11363^CHLAMYDIA/GC RNA,TMA^99QDI|||20170510133600.000-0700||||||||||||||20170511112837.000-0700|||F',
    'OBX|1|ST|70043800^CHLAMYDIA TRACHOMATIS RNA, TMA^99QDI||DETECTED||NOT DETECTED|A|||F',
    'OBX|2|NM|2093-3^Cholesterol^LN||185|mg/dL^mg/dL^UCUM|<200|N|||F',
    'OBX|3|CWE|625-4^Culture^LN||27268008^Salmonella^SCT||||||F',
    'OBX|4|TX|||Reviewed by the lab director.||||||F',
    'ORC|RE|9^QUEST|WH350986T-1^QUEST||CM',
    'OBR|2|9^QUEST|WH350986T-1^QUEST|ClinicalPDFReport1^Clinical PDF Report WH350986T-1^99QDI|||20170510133600.000-0700||||||||||||||20170511112837.000-0700|||F',
    `OBX|1|ED|ClinicalPDFReport1^Clinical PDF Report WH350986T-1^99QDI||TME^IM^^Base64^${PDF}||||||F`,
    'OBX|2|ED|Image^Scatter plot^L||^image^PNG^Base64^iVBORw0KGgo=||||||F',
  ];

  it('puts each ED OBX-5 into its report’s presentedForm, one attachment each, and makes no value-less Observation of it', () => {
    const { bundle, unmapped } = run('ORU^R01', ORU);
    const [results, pdf] = ofType<DiagnosticReport>(bundle.entry, 'DiagnosticReport');
    expect(pdf?.presentedForm).toEqual([
      { contentType: 'application/octet-stream', data: PDF },
      { contentType: 'image/png', data: 'iVBORw0KGgo=' },
    ]);
    expect(pdf?.result).toBeUndefined();
    // The other order keeps its code-less text as its presentedForm, and its valued OBX as Observations.
    expect(results?.presentedForm?.map((a: Attachment) => a.contentType)).toEqual(['text/plain']);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => o.code.coding?.[0]?.code)).toEqual(['70043800', '2093-3', '625-4']);
    expect(observations.map((o) => o.valueString ?? o.valueQuantity?.value ?? o.valueCodeableConcept?.coding?.[0]?.code)).toEqual(['DETECTED', 185, '27268008']);
    expect(results?.result).toHaveLength(3);
    expect(unmapped.filter((u) => u.path.startsWith('OBX-5'))).toEqual([]);
  });

  it('reads only the order’s own OBX: a patient-level ED never lands in a report', () => {
    const withPatientObx = [...ORU.slice(0, 2), `OBX|1|ED|Scan^Consent scan^L||^application^PDF^Base64^${PDF}||||||F`, ...ORU.slice(2, 8)];
    const { bundle, unmapped } = run('ORU^R01', withPatientObx);
    const [report] = ofType<DiagnosticReport>(bundle.entry, 'DiagnosticReport');
    expect(report?.presentedForm?.map((a: Attachment) => a.contentType)).toEqual(['text/plain']);
    expect(ofType<Observation>(bundle.entry, 'Observation')).toHaveLength(3);
    // No report holds it and no Observation can: the coverage report says so.
    expect(unmapped.filter((u) => u.path === 'OBX-5')).toEqual([{ path: 'OBX-5', count: 1 }]);
  });

  it('leaves an ED without data (ED.5) in the coverage report with the rule’s error', () => {
    // After vetlab_oru_vm100: the value is not an ED at all.
    const { bundle, unmapped, errors } = run('ORU^R01', [ORU[0] as string, ORU[1] as string, 'OBR|1|||CBC^Complete Blood Count', 'OBX|1|ST|WBC^White Blood Cells||10.2|10^3/uL', 'OBX|2|ED|IMG^Scatter Plot||base64encodeddata|||||F']);
    expect(ofType<Observation>(bundle.entry, 'Observation')).toHaveLength(1);
    expect(ofType<DiagnosticReport>(bundle.entry, 'DiagnosticReport')[0]?.presentedForm).toBeUndefined();
    expect(errors).toContainEqual(expect.objectContaining({ ruleId: 'report-attachment', code: 'MAP_EMPTY_VALUE' }));
    expect(unmapped).toContainEqual({ path: 'OBX-5', count: 1 });
  });
});

describe('OML^O21 default: an ED OBX sent with an order', () => {
  it('makes no value-less Observation of it; the order keeps its other OBX as supportingInfo', () => {
    const { bundle } = run('OML^O21', [
      'MSH|^~\\&|ORDApp|GHH|EHRApp|GHH|202110201126+0215||OML^O21^OML_O21|MSG00019|P|2.5.1',
      'PID|1||PATID1234^^^GHH^MR||EVERYMAN^ADAM',
      'ORC|NW|PL1',
      'OBR|1|PL1||57698-3^Lipid panel^LN',
      'OBX|1|ED|3DHIS_LABELAREA^Label Area Image^L||^IM^JPEG^Base64^VGhpcyBpcyBhIEJhc2U2NCBzdHJpbmc=||||||F',
      'OBX|2|NM|3DHIS_AREA^Area^L||120||||||F',
    ]);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => o.code.coding?.[0]?.code)).toEqual(['3DHIS_AREA']);
    expect(ofType<ServiceRequest>(bundle.entry, 'ServiceRequest')[0]?.supportingInfo).toHaveLength(1);
  });
});

describe('SIU^S12–S15 default: senders before v2.5 (no TQ1)', () => {
  const SIU = (sch11: string, extra: string[] = []) => [
    'MSH|^~\\&|GPMS|CTX||MED2000|200803060953||SIU^S12|20080306953450|P|2.3',
    `SCH|00331839401|77^GPMS||||58||HLCK^HEALTHCHECK ANY AGE|20|MIN|${sch11}|||||JOHN||||VALERIE`,
    'PID|1||489671||SMITH^MICHAEL||20080205|F',
    ...extra,
    'RGS|1',
    'AIP|1||PBN^PORTER^LISA|50',
  ];

  it('takes start and end from SCH-11 (TQ.4, TQ.5) and makes a valid booked Appointment with its participants', () => {
    const { bundle, errors } = run('SIU^S12', SIU('^^20^200803061000-0600^200803061020-0600'));
    const [appointment] = ofType<Appointment>(bundle.entry, 'Appointment');
    expect(appointment).toMatchObject({ status: 'booked', start: '2008-03-06T10:00:00-06:00', end: '2008-03-06T10:20:00-06:00', minutesDuration: 20 });
    expect(appointment?.participant.map((p) => [p.actor?.reference?.startsWith('urn:uuid:'), p.status])).toEqual([[true, 'accepted'], [true, 'accepted']]);
    expect(ofType(bundle.entry, 'Practitioner')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('takes TQ1 first when a message has both', () => {
    const { bundle } = run('SIU^S12', SIU('^^20^200803061000-0600^200803061020-0600', ['TQ1|1||||||200803071400-0600|200803071430-0600']));
    expect(ofType<Appointment>(bundle.entry, 'Appointment')[0]).toMatchObject({ start: '2008-03-07T14:00:00-06:00', end: '2008-03-07T14:30:00-06:00' });
  });

  /** The Appointment, checked by the gateway's validation as the corpus tests do. */
  const appointmentOf = (lines: string[], timeZone?: string) => {
    const conversion = runProfile(defaultProfileFor('SIU^S12')!, parse(lines.join('\r')), { timeZone });
    const [appointment] = ofType<Appointment>(conversion.bundle.entry, 'Appointment');
    expect(() => validateFhirResource(appointment)).not.toThrow();
    return { appointment, errors: conversion.errors };
  };
  const SCH = (sch9: string, sch10: string, sch11: string) => `SCH|00331839401|77^GPMS||||58||HLCK^HEALTHCHECK ANY AGE|${sch9}|${sch10}|${sch11}|||||JOHN||||VALERIE`;

  it.each([
    ['a TQ.3 duration in minutes (M30)', SCH('', '', '^^M30^200803061000-0600'), '2008-03-06T10:30:00-06:00'],
    ['a bare TQ.3 number, read as minutes', SCH('', '', '^^30^200803061000-0600'), '2008-03-06T10:30:00-06:00'],
    ['a TQ.3 duration in hours (H1)', SCH('', '', '^^H1^200803061000-0600'), '2008-03-06T11:00:00-06:00'],
    ['SCH-9 in SCH-10 minutes (ISO+ MIN)', SCH('20', 'MIN', '^^^200803061000-0600'), '2008-03-06T10:20:00-06:00'],
    ['SCH-9 in SCH-10 hours (HR), across midnight', SCH('2', 'HR^hours^ISO+', '^^^200803062300-0600'), '2008-03-07T01:00:00-06:00'],
    ['SCH-9 in SCH-10 seconds (S)', SCH('900', 'S', '^^^200803061000-0600'), '2008-03-06T10:15:00-06:00'],
  ])('derives the end from the start and %s, in the start’s own offset', (_how, sch, end) => {
    const { appointment, errors } = appointmentOf([...SIU('').slice(0, 1), sch, ...SIU('').slice(2)]);
    expect(appointment?.status).toBe('booked');
    expect(appointment?.start).toMatch(/^2008-03-06T(10|23):00:00-06:00$/);
    expect(appointment?.end).toBe(end);
    expect(errors).toEqual([]);
  });

  it('reads a time sent without an offset in the sender’s zone and writes the end in the same offset', () => {
    const { appointment } = appointmentOf([SIU('')[0] as string, SCH('45', 'min', '^^^200807011000'), ...SIU('').slice(2)], 'America/Chicago');
    expect(appointment).toMatchObject({ start: '2008-07-01T10:00:00-05:00', end: '2008-07-01T10:45:00-05:00' });
  });

  it('derives the end from TQ1-6 when TQ1 gives a start but no end', () => {
    const { appointment, errors } = appointmentOf(SIU('', ['TQ1|1|||||30^min&minutes&UCUM|200803071400-0600']));
    expect(appointment).toMatchObject({ start: '2008-03-07T14:00:00-06:00', end: '2008-03-07T14:30:00-06:00' });
    expect(errors).toEqual([]);
  });

  it('keeps a start with no end and no duration, marks the end absent so the booked Appointment stays valid, and says so', () => {
    const { appointment, errors } = appointmentOf([SIU('')[0] as string, SCH('', '', '^^^200803061000-0600'), ...SIU('').slice(2)]);
    expect(appointment).toMatchObject({ status: 'booked', start: '2008-03-06T10:00:00-06:00', _end: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] } });
    expect(appointment?.end).toBeUndefined();
    expect(appointment?.participant).toHaveLength(2);
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'appointment-end-after-schedule-duration', source: 'SCH-11.4', target: 'end', code: 'MAP_VALUE_ABSENT' })]);
  });

  it('cancels the booked Appointment from an S15 that carries only the ids: same key, status cancelled, no times (app-3), still valid', () => {
    const booked = run('SIU^S12', SIU('^^20^200803061000-0600^200803061020-0600'));
    const cancel = [SIU('')[0]!.replace('SIU^S12', 'SIU^S15'), 'SCH|00331839401|77^GPMS', ...SIU('').slice(2)];
    const conversion = runProfile(defaultProfileFor('SIU^S15')!, parse(cancel.join('\r')));
    const entry = conversion.bundle.entry?.find((e) => e.resource?.resourceType === 'Appointment');
    expect(entry?.request?.url).toBe(booked.bundle.entry?.find((e) => e.resource?.resourceType === 'Appointment')?.request?.url);
    const appointment = entry?.resource as Appointment;
    expect(appointment).toMatchObject({ status: 'cancelled', participant: [{ status: 'accepted' }, { status: 'accepted' }] });
    expect([appointment.start, appointment.end]).toEqual([undefined, undefined]);
    expect(() => validateFhirResource(appointment)).not.toThrow();
    expect(conversion.errors).toEqual([]);
  });

  it('makes no booked Appointment without a start, and says so instead of dropping it silently', () => {
    const { bundle, errors } = run('SIU^S12', SIU(''));
    expect(ofType(bundle.entry, 'Appointment')).toEqual([]);
    expect(ofType(bundle.entry, 'Patient')).toHaveLength(1);
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'appointment', target: 'Appointment', code: 'MAP_RESOURCE_NOT_MADE' })]);
    expect(errors[0]?.message).toContain('TQ1-7|SCH-11.4 valued or MSH-9.2 in S15');
  });

  it('marks the end absent when the duration is no length of time, and reports both', () => {
    const { appointment, errors } = appointmentOf([SIU('')[0] as string, SCH('20', '', '^^^200803061000-0600'), ...SIU('').slice(2)]);
    expect(appointment?.start).toBe('2008-03-06T10:00:00-06:00');
    expect(appointment?.end).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(['MAP_BAD_DURATION', 'MAP_VALUE_ABSENT']);
  });
});

describe('ADT default: a patient class outside table 0004', () => {
  // After lfh_adt_a01_multiline: PV1-2 is a sender's own code.
  const ADT = [
    'MSH|^~\\&|SE050|050|PACS|050|20120912011230+0000||ADT^A01^ADT_A01|102|T|2.6',
    'PID|1||PID1234^5^M11^A^MR||DOE^JOHN||19800202|M',
    'PV1|1|ff|yyy|EL|ABC||200^ATTEND^DOC||||||||||||48390|||||||||||||||||||||||||20140912220000+0000|20150206031726+0000',
  ];

  it('keeps the visit (its number and times) with class UNK, and reports the code as a rule error instead of dropping the Encounter', () => {
    const { bundle, errors } = run('ADT^A01', ADT);
    const [encounter] = ofType<{ class?: unknown; identifier?: { value?: string }[]; period?: unknown }>(bundle.entry, 'Encounter');
    expect(encounter?.class).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-NullFlavor', code: 'UNK' });
    expect(encounter?.identifier?.map((i) => i.value)).toContain('48390');
    expect(encounter?.period).toEqual({ start: '2014-09-12T22:00:00+00:00', end: '2015-02-06T03:17:26+00:00' });
    expect(errors).toContainEqual(expect.objectContaining({ ruleId: 'encounter-class', code: 'MAP_UNMAPPED_CODE' }));
  });

  it('still writes the table’s class for a code it has', () => {
    const { bundle } = run('ADT^A01', ADT.map((line) => line.replace('PV1|1|ff|', 'PV1|1|I|')));
    const [encounter] = ofType<{ class?: { code?: string } }>(bundle.entry, 'Encounter');
    expect(encounter?.class?.code).toBe('IMP');
  });
});

describe('ORM^O01 default: a pharmacy order (RXO in the ORDER_DETAIL)', () => {
  // After aidbox_orm_rxo: an order detail that is RXO, not OBR.
  const ORM = (orc: string, rxo: string, extra: string[] = []) => [
    'MSH|^~\\&|ORMAPP|FACA||DEST|20260220103500||ORM^O01|ORM-BASE-RXO-001|P|2.5.1',
    'PID|1||ORMP-1002^^^FACA^MR||RIVERA^MIA||19910303|F',
    'PV1|1|O',
    orc,
    rxo,
    ...extra,
  ];

  it('makes a MedicationRequest keyed by its placer order, with the drug, dose range, route, dispense quantity and substitution, and its requester', () => {
    const { bundle, errors } = run('ORM^O01', ORM(
      'ORC|NW|RX-1001^EMR|RX-9^PHARM||SC||||20260220103000|||1234^WELBY^MARCUS^J^^DR',
      'RXO|00093-7424-01^Amoxicillin 500 MG Cap^NDC|1|2|CAP^Capsule^UCUM|||||G||30|CAP^Capsule^UCUM',
      ['RXR|PO^Oral^HL70162', 'RXC|B|00093-7424-01^Amoxicillin^NDC|500|mg'],
    ));
    const [request] = ofType<MedicationRequest>(bundle.entry, 'MedicationRequest');
    expect(request).toMatchObject({
      status: 'active',
      intent: 'original-order',
      medicationCodeableConcept: { coding: [{ code: '00093-7424-01', display: 'Amoxicillin 500 MG Cap' }] },
      authoredOn: '2026-02-20', // no offset sent and no sender zone: the date only
      dosageInstruction: [{
        doseAndRate: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered' }] }, doseRange: { low: { value: 1, unit: 'Capsule' }, high: { value: 2, unit: 'Capsule' } } }],
        route: { coding: [{ code: 'PO' }] },
      }],
      dispenseRequest: { quantity: { value: 30, unit: 'Capsule' } },
      substitution: { allowedCodeableConcept: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0161', code: 'G' }] } },
    });
    expect(request?.medicationCodeableConcept?.coding?.[0]?.system).toMatch(/ndc/i);
    expect(request?.identifier?.map((i) => [i.value, i.type?.coding?.[0]?.code])).toEqual([['RX-1001', 'PLAC'], ['RX-9', 'FILL'], ['authority:EMR.RX-1001', undefined]]);
    const entry = bundle.entry?.find((e) => e.resource?.resourceType === 'MedicationRequest');
    expect(entry?.request).toMatchObject({ method: 'PUT', url: expect.stringMatching(/^MedicationRequest\?identifier=/) });
    const [practitioner] = ofType<{ identifier?: { value?: string }[] }>(bundle.entry, 'Practitioner');
    expect(practitioner?.identifier?.[0]?.value).toBe('1234');
    expect(request?.requester?.reference).toBe(bundle.entry?.find((e) => e.resource?.resourceType === 'Practitioner')?.fullUrl);
    expect(request?.subject?.reference).toBe(bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl);
    // No ServiceRequest: the order has no OBR.
    expect(ofType(bundle.entry, 'ServiceRequest')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('puts the guide’s revoked order statuses in MedicationRequest’s words, and keeps a required status when none maps', () => {
    const status = (orc: string) => ofType<MedicationRequest>(run('ORM^O01', ORM(orc, 'RXO|00093-7424-01^Amoxicillin^NDC|1||CAP')).bundle.entry, 'MedicationRequest')[0]?.status;
    expect(status('ORC|NW|RX-1|||CA')).toBe('cancelled');
    expect(status('ORC|NW|RX-1|||DC')).toBe('stopped');
    expect(status('ORC|NW|RX-1|||CM')).toBe('completed');
    expect(status('ORC|OC|RX-1')).toBe('cancelled');
    expect(status('ORC|NW|RX-1')).toBe('active');
    expect(status('ORC|RP|RX-1|||RP')).toBe('unknown');
    expect(status('ORC|SN|RX-1')).toBe('unknown');
  });

  it('makes no MedicationRequest without a drug code, and leaves what it does not map in the coverage report', () => {
    const { bundle, unmapped } = run('ORM^O01', ORM('ORC|NW|RX-1', 'RXO||1||CAP', ['RXC|B|00093^Amoxicillin^NDC|500|mg']));
    expect(ofType(bundle.entry, 'MedicationRequest')).toEqual([]);
    expect(ofType(bundle.entry, 'Patient')).toHaveLength(1);
    expect(unmapped.map((u) => u.path)).toEqual(expect.arrayContaining(['RXC-1', 'RXC-2']));
  });
});

describe('VXU^V04 default: a patient-level OBX (outside any ORDER)', () => {
  // After aidbox_vxu_personobs: evidence of immunity sent after PV1, before the ORDER.
  const VXU = (pv1: string[]) => [
    'MSH|^~\\&|MyEMR|DE-000001||DEST|20160701123030-0700||VXU^V04^VXU_V04|CA0003|P|2.5.1|||ER|AL|||||Z22^CDCPHINVS',
    'PID|1||PA123456^^^MYEMR^MR||JONES^GEORGE^M^JR^^^L||20140227|M',
    ...pv1,
    'OBX|1|CE|59784-9^DISEASE WITH PRESUMED IMMUNITY^LN||VXC20^VARICELLA^CDCPHINVS||||||F',
    'ORC|RE||65930^DCS||||||20160701',
    'RXA|0|1|20160701||08^HEPB-ADOLESCENT OR PEDIATRIC^CVX|999|||00^NEW RECORD^NIP001|||||||||||CP|A',
    'OBX|1|CE|64994-7^Vaccine funding program eligibility category^LN|1|V02^VFC eligible - Medicaid^HL70064||||||F|||20160701',
  ];

  it.each([['after PV1', ['PV1|1|R']], ['right after PID', []]])('makes an Observation of the Patient from it (%s), and the ORDER’s OBX stays partOf its Immunization', (_where, pv1) => {
    const { bundle, errors } = run('VXU^V04', VXU(pv1));
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => o.code.coding?.[0]?.code).sort()).toEqual(['59784-9', '64994-7']);
    const immunity = observations.find((o) => o.code.coding?.[0]?.code === '59784-9');
    expect(immunity).toMatchObject({ status: 'final', valueCodeableConcept: { coding: [{ code: 'VXC20', display: 'VARICELLA' }] } });
    expect(immunity?.subject?.reference).toBe(bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl);
    expect(immunity?.partOf).toBeUndefined();
    expect(immunity?.identifier?.[0]?.system).toBe('urn:interop-console:id:patient-observation');
    const funding = observations.find((o) => o.code.coding?.[0]?.code === '64994-7');
    expect(funding?.partOf?.[0]?.reference).toBe(bundle.entry?.find((e) => e.resource?.resourceType === 'Immunization')?.fullUrl);
    expect(errors).toEqual([]);
  });
});

describe('VXU^V04 default: a field read only by conditions', () => {
  it('counts RXA-20 completion status, which decides Immunization.status, as mapped', () => {
    const rxa = (status: string) => [
      'MSH|^~\\&|MyEMR|DE-000001||DEST|20160701123030-0700||VXU^V04^VXU_V04|CA0003|P|2.5.1',
      'PID|1||PA123456^^^MYEMR^MR||JONES^GEORGE||20140227|M',
      'ORC|RE||65930^DCS',
      `RXA|0|1|20160701||08^HEPB^CVX|999||||||||||||||${status}|A`,
    ];
    for (const [status, fhir] of [['CP', 'completed'], ['RE', 'not-done']]) {
      const { bundle, unmapped } = run('VXU^V04', rxa(status));
      expect(ofType<Immunization>(bundle.entry, 'Immunization')[0]?.status).toBe(fhir);
      expect(unmapped.map((u) => u.path)).not.toContain('RXA-20');
    }
  });
});

describe('MDM^T02 default: a message without a PID', () => {
  // After nHapi's escape test message: MSH, EVN, TXA and OBX, no patient at all.
  const MDM = [
    'MSH|^~\\&|SENDER|FAC|RECEIVER|FAC|20130101120000+0100||MDM^T02^MDM_T02|MSG1|P|2.5.1',
    'EVN|T02|20130101120000+0100',
    'TXA|1|CN^Consultation note^HL70270|TX|||20130101115500+0100||||||DOC-77||||||AU||AV',
    'OBX|1|TX|||Line one \\T\\ more||||||F',
  ];

  it('still makes the DocumentReference, without a subject, and a rule error says the message names no patient', () => {
    const { bundle, errors } = run('MDM^T02', MDM);
    const [document] = ofType<DocumentReference>(bundle.entry, 'DocumentReference');
    expect(document).toMatchObject({ status: 'current', masterIdentifier: { value: 'DOC-77' } });
    expect(document?.subject).toBeUndefined();
    expect(Buffer.from(document?.content[0]?.attachment.data ?? '', 'base64').toString()).toBe('Line one & more');
    expect(() => validateFhirResource(document)).not.toThrow();
    expect(ofType(bundle.entry, 'Patient')).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'document-subject', target: 'subject', code: 'MAP_REQUIRED_MISSING', message: expect.stringContaining('no patient') })]);
    expect(errors[0]?.message).toContain('PID-3');
  });

  it('makes the document without TXA-12 too, keyed by the message, and a rule error says a later edit cannot find it', () => {
    const withoutNumber = (controlId: string): string[] => [MDM[0]!.replace('|MSG1|', `|${controlId}|`), MDM[1]!, 'PID|1||489671^^^FAC^MR||SMITH^ANNA', MDM[2]!.replace('DOC-77', ''), MDM[3]!];
    const first = run('MDM^T02', withoutNumber('MSG1'));
    const [document] = ofType<DocumentReference>(first.bundle.entry, 'DocumentReference');
    expect(document?.masterIdentifier).toBeUndefined();
    expect(Buffer.from(document?.content[0]?.attachment.data ?? '', 'base64').toString()).toBe('Line one & more');
    expect(() => validateFhirResource(document)).not.toThrow();
    expect(first.errors).toEqual([expect.objectContaining({ ruleId: 'document-master-identifier', code: 'MAP_REQUIRED_MISSING' })]);
    const keyOf = (conversion: typeof first): string | undefined => conversion.bundle.entry?.find((e) => e.resource?.resourceType === 'DocumentReference')?.request?.url;
    expect(keyOf(first)).toContain('message%3AMSG1');
    expect(keyOf(run('MDM^T02', withoutNumber('MSG2')))).not.toBe(keyOf(first));
    expect(keyOf(run('MDM^T02', [...MDM.slice(0, 2), 'PID|1||489671^^^FAC^MR||SMITH^ANNA', ...MDM.slice(2)]))).toContain('DOC-77');
  });

  it('links the document to its patient when the PID is there', () => {
    const { bundle, errors } = run('MDM^T02', [...MDM.slice(0, 2), 'PID|1||489671^^^FAC^MR||SMITH^ANNA', ...MDM.slice(2)]);
    const [document] = ofType<DocumentReference>(bundle.entry, 'DocumentReference');
    expect(document?.subject?.reference).toBe(bundle.entry?.find((e) => e.resource?.resourceType === 'Patient')?.fullUrl);
    expect(errors).toEqual([]);
  });
});

describe('ORU^R01 default: a result without a PID', () => {
  // After the Asseco InfoMedica radiology ORU^R01 of a sweep (v2.3: MSH, ORC, OBR, OBX, no patient at all).
  const ORU = [
    'MSH|^~\\&|SYZ1||SZPM||200405261448||ORU^R01|VSZ01F28|T|2.3',
    'ORC|RE|1115610|',
    'OBR|1|1115610||RTG|||200405261433||||||||||||||||||F|',
    'OBX|1|FT|||Przełyk w całości poszerzony.\\.br\\radiolog Ryszard Pietrzak||||||F|||200305261038|',
    'OBX|2|RP|URL^Obraz||http://pacs/1115610||||||F',
  ];

  it('makes no empty Patient: the report and its observations have no subject, and a rule error says the message names no patient', () => {
    const { bundle, errors } = run('ORU^R01', ORU);
    expect(ofType(bundle.entry, 'Patient')).toEqual([]);
    const [report] = ofType<DiagnosticReport>(bundle.entry, 'DiagnosticReport');
    expect(report?.subject).toBeUndefined();
    expect(Buffer.from(report?.presentedForm?.[0]?.data ?? '', 'base64').toString()).toBe('Przełyk w całości poszerzony.\nradiolog Ryszard Pietrzak');
    const [observation] = ofType<Observation>(bundle.entry, 'Observation');
    expect(observation).toMatchObject({ code: { coding: [{ code: 'URL' }] } });
    expect(observation?.subject).toBeUndefined();
    expect(() => validateFhirResource(report)).not.toThrow();
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'report-subject', target: 'subject', code: 'MAP_REQUIRED_MISSING' })]);
  });
});

describe('VXU^V04 and ORU^R01 defaults: units in a coding system other than UCUM', () => {
  /** FHIR's qty-3: a Quantity with a code has a system. */
  const qty3 = (q: Quantity | undefined) => q?.code === undefined || q.system !== undefined;

  it('keeps RXA-7’s code and coding system in Immunization.doseQuantity, and the Immunization validates', () => {
    // After mck_vxu_tdap: the dose in ISO+ units.
    const { bundle, unmapped, errors } = run('VXU^V04', [
      'MSH|^~\\&|PARAGON|CITIZENSMC||TX_DSHS|20260412103000||VXU^V04^VXU_V04|MCKN1|P|2.5.1|||ER|AL',
      'PID|1||MRN1^^^CITIZENSMC^MR||DOE^JANE||20000101|F',
      'ORC|RE|ORD1^MCKN||GRP1^MCKN|CM',
      'RXA|0|1|20260412100000||115^Tdap^CVX|0.5|mL^milliliters^ISO+||00^New immunization record^NIP001||||||49281-0400-15|||||CP',
    ]);
    const [immunization] = ofType<Immunization>(bundle.entry, 'Immunization');
    expect(immunization?.doseQuantity).toEqual({ value: 0.5, unit: 'milliliters', system: 'urn:id:ISO%2B', code: 'mL' });
    expect(() => validateFhirResource(immunization)).not.toThrow();
    expect(unmapped.filter((u) => u.path.startsWith('RXA-7'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps OBX-6’s code and coding system in valueQuantity (UCUM, ISO+, local), a code without one as the unit only, and each Observation validates', () => {
    const { bundle, errors } = run('ORU^R01', [
      'MSH|^~\\&|LAB|HOSP||EHR|20260412103000||ORU^R01^ORU_R01|MSG1|P|2.5.1',
      'PID|1||MRN1^^^HOSP^MR||DOE^JANE||20000101|F',
      'OBR|1|PL1|FL1|24331-1^Lipid panel^LN|||20260412090000|||||||||||||||20260412100000|||F',
      'OBX|1|NM|2093-3^Cholesterol^LN||185|mg/dL^milligram per deciliter^UCUM|<200||||F',
      'OBX|2|NM|2571-8^Triglyceride^LN||1.7|mmol/L^millimole per liter^ISO+|||||F',
      'OBX|3|NM|LDLX^LDL calc^99LAB||110|MGDL^mg/dL^99LAB|||||F',
      'OBX|4|SN|13457-7^LDL^LN||<^130|mg/dL^^ANS+|||||F',
      'OBX|5|NM|HDLX^HDL^99LAB||55|beats per dL|||||F',
    ]);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => o.valueQuantity)).toEqual([
      { value: 185, unit: 'milligram per deciliter', system: 'http://unitsofmeasure.org', code: 'mg/dL' },
      { value: 1.7, unit: 'millimole per liter', system: 'urn:id:ISO%2B', code: 'mmol/L' },
      { value: 110, unit: 'mg/dL', system: 'urn:id:99LAB', code: 'MGDL' },
      { value: 130, comparator: '<', unit: 'mg/dL', system: 'urn:id:ANS%2B', code: 'mg/dL' },
      { value: 55, unit: 'beats per dL' },
    ]);
    expect(observations.every((o) => qty3(o.valueQuantity))).toBe(true);
    for (const observation of observations) expect(() => validateFhirResource(observation)).not.toThrow();
    expect(errors).toEqual([]);
  });
});

describe('ORU^R01 default: an OBX-2 value type the profile has no rule for', () => {
  // After gaia_nist_elr_micro_raw: a culture and its susceptibilities whose OBX-2 the sender filled with "000" and "111".
  const ORU = [
    'MSH|^~\\&|NIST|NIST|NIST|NIST|20120821140551-0500||ORU^R01^ORU_R01|NIST-ELR-004.01|T|2.5.1',
    'PID|1||PATID1234^^^&2.16.840.1.113883.3.72.5.24&ISO^MR||Jones^William',
    'OBR|1|000-723222-4|R-783274-4|625-4^Bacteria identified in Stool by Culture^LN|||20110528|||||||||||||||201106010900-0500|||F',
    'OBX|1|000|625-4^Bacteria identified in Stool by Culture^LN||85729005^Shigella flexneri^SCT||||||F',
    'OBX|2|111|516-5^Trimethoprim+Sulfamethoxazole [Susceptibility]^LN||=^8^/^152|ug/mL^microgram per milliliter^UCUM||R^Resistant^HL70078|||F',
    'OBX|3|NR|2345-7^Glucose^LN||3.5^5.0||||||F',
  ];

  it('keeps the whole value as text, every component, not only the first', () => {
    const { bundle, errors } = run('ORU^R01', ORU);
    const values = ofType<Observation>(bundle.entry, 'Observation').map((o) => o.valueString);
    expect(values.slice(0, 2)).toEqual(['85729005^Shigella flexneri^SCT', '=^8^/^152']);
    expect(errors).toEqual([]);
  });

  it('keeps an SN with no FHIR form as its text and unit (the guide\'s valueString rows): "<>", a comparator written with its number', () => {
    const { bundle, errors } = run('ORU^R01', [
      ...ORU.slice(0, 3),
      'OBX|1|SN|2345-7^Glucose^LN||<>^5|mg/dL^milligram per deciliter^UCUM||||||F',
      'OBX|2|SN|1751-7^Albumin^LN||<=0.25|g/dL^^UCUM||||||F',
    ]);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => [o.valueString, o.valueQuantity])).toEqual([['<> 5 milligram per deciliter', undefined], ['<=0.25 g/dL', undefined]]);
    expect(errors).toEqual([]);
    for (const observation of observations) expect(() => validateFhirResource(observation)).not.toThrow();
  });

  it('keeps an NM a sender wrote with a comparator as the Quantity\'s comparator, and text in a numeric field as valueString, nothing lost', () => {
    const { bundle, errors } = run('ORU^R01', [
      ...ORU.slice(0, 3),
      'OBX|1|NM|2345-7^Glucose^LN||<0.50|mg/dL^milligram per deciliter^UCUM|70-99|L|||F',
      'OBX|2|NM|1751-7^Albumin^LN||>= 100|g/dL^^UCUM||||||F',
      'OBX|3|NM|2160-0^Creatinine^LN||see note|mg/dL^^UCUM||||||F',
      'OBX|4|NM|2951-2^Sodium^LN||1,5|mmol/L^^UCUM||||||F',
      'OBX|5|NM|2823-3^Potassium^LN||4.20|mmol/L^^UCUM||||||F',
    ]);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => [o.valueQuantity, o.valueString])).toEqual([
      [{ value: 0.5, comparator: '<', unit: 'milligram per deciliter', system: 'http://unitsofmeasure.org', code: 'mg/dL' }, undefined],
      [{ value: 100, comparator: '>=', unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' }, undefined],
      [undefined, 'see note'],
      [undefined, '1,5 mmol/L'],
      [{ value: 4.2, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' }, undefined],
    ]);
    expect(stringifyFhirJson(observations[0])).toContain('"value":0.50');
    expect(stringifyFhirJson(observations[4])).toContain('"value":4.20');
    expect(errors).toEqual([]);
    for (const observation of observations) expect(() => validateFhirResource(observation)).not.toThrow();
  });

  it('maps the types the guide names: NR → valueRange, DR → valuePeriod, TM → valueTime (FHIR time has no zone: the offset is dropped)', () => {
    const { bundle, errors } = run('ORU^R01', [
      ...ORU.slice(0, 3),
      'OBX|1|NR|2345-7^Glucose^LN||3.5^5.0||||||F',
      'OBX|2|NR|2345-7^Glucose^LN||^7.10||||||F',
      'OBX|3|DR|8302-2^Onset^LN||20110528^20110601||||||F',
      'OBX|4|TM|33999-4^Time^LN||1430+0200||||||F',
    ]);
    const observations = ofType<Observation>(bundle.entry, 'Observation');
    expect(observations.map((o) => o.valueRange ?? o.valuePeriod ?? o.valueTime)).toEqual([
      { low: { value: 3.5 }, high: { value: 5.0 } },
      { high: { value: 7.1 } },
      { start: '2011-05-28', end: '2011-06-01' },
      '14:30:00',
    ]);
    expect(observations.map((o) => o.valueString)).toEqual([undefined, undefined, undefined, undefined]);
    expect(stringifyFhirJson(observations[1]?.valueRange)).toBe('{"high":{"value":7.10}}');
    expect(errors).toEqual([]);
    for (const observation of observations) expect(() => validateFhirResource(observation)).not.toThrow();
  });
});

describe('ORM^O01 and OML^O21 defaults: a Dutch practitioner surname sent as its parts (FN.2–FN.5)', () => {
  // After zorg_orm_o01_derm: ZorgDomein sends the ordering provider's surname in FN.3 (own surname), FN.1 empty.
  const ORM = [
    'MSH|^~\\&|ZorgDomein||||20220410143000+0200||ORM^O01|ZD300012345|P|2.5.1',
    'PID|1||123456782^^^NLMINBIZA^NNNLD||de Wit&de&Wit^Johanna^M^^^^L||19751220|F',
    'PV1|1|O',
    'ORC|NW|ZD300012345|||||||20220410143000+0200|^&&van Groenendaal^B.C.||01234567^&&van Leeuwen^A.B.^^^^^^VEKTIS||010-7778899',
    'OBR|1|ZD300012345||DER^Dermatologie^ZORGDOMEIN|||20220410143000+0200',
  ];

  it('keeps the own surname and its prefix as the guide’s family extensions, not only FN.1', () => {
    const { bundle, unmapped } = run('ORM^O01', ORM);
    const [requester] = ofType<Practitioner>(bundle.entry, 'Practitioner');
    expect(requester?.name).toEqual([
      { _family: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/humanname-own-name', valueString: 'van Leeuwen' }] }, given: ['A.B.'] },
    ]);
    expect(() => validateFhirResource(requester)).not.toThrow();
    expect(unmapped.filter((u) => u.path.startsWith('ORC-12.2'))).toEqual([]);
  });
});
