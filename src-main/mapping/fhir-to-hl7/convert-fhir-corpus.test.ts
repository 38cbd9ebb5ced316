import { INTERNAL_KEY_PREFIX } from '../run-profile';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle, DiagnosticReport, Immunization, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { HL7_CORPUS } from '../../../test/support/mllp-feed';
import { decodeHl7, parse, type Hl7Message } from '../../hl7';
import { convertMessage } from '../convert';
import { cweToCodeableConcept } from '../datatypes/codeable-concept';
import { readField } from '../datatypes/v2-value';
import type { Hl7MappingProfileContent } from '../profile';
import { runProfile } from '../run-profile';
import { fhirToHl7 } from './convert-fhir';
import type { FhirRunContext } from './run-fhir-profile';

const FHIR_CORPUS = resolve(import.meta.dirname, '../../../../shared/corpus/fhir');
const fhir = <T = Resource>(file: string): T => JSON.parse(readFileSync(join(FHIR_CORPUS, file), 'utf8').replace(/^\uFEFF/, '')) as T;
const context = (extra: Partial<FhirRunContext> = {}): FhirRunContext => ({ controlId: 'OUT-1', sendingApplication: 'INTEROP', sendingFacility: 'HOSP', now: new Date('2024-05-01T10:00:00Z'), ...extra });

/** Converts, checks the text parses with the codec, and answers the parsed message. */
function outbound(resource: unknown, extra: Partial<FhirRunContext> = {}): Hl7Message {
  const result = fhirToHl7(resource, context(extra));
  expect(result).toBeDefined();
  expect(result!.message.split('\r').every((segment) => !segment.includes('\n'))).toBe(true);
  return parse(result!.message);
}

const resourcesOf = <T extends Resource>(bundle: Bundle | undefined, type: T['resourceType']): T[] =>
  (bundle?.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as T] : []));

/** The key elements of a Patient the round trip must keep. */
const patientKeys = (patient: Patient | undefined) => ({
  // The identity keys v2 → FHIR composes for itself are relative to the sender, and never sent out.
  identifiers: (patient?.identifier ?? []).filter((i) => i.value && !i.system?.startsWith(INTERNAL_KEY_PREFIX)).map((i) => `${i.system ?? ''}|${i.value}`),
  names: (patient?.name ?? []).map((n) => ({ family: n.family, given: n.given })),
  birthDate: patient?.birthDate,
  gender: patient?.gender,
});

/** The key elements of an Observation: its first code, its value and unit. */
const observationKeys = (o: Observation) => ({
  code: `${o.code?.coding?.[0]?.system ?? ''}|${o.code?.coding?.[0]?.code ?? ''}`,
  value: o.valueQuantity?.value ?? o.valueString ?? o.valueCodeableConcept?.coding?.[0]?.code ?? o.valueDateTime,
  unit: o.valueQuantity?.unit,
  comparator: o.valueQuantity?.comparator,
  structured: o.valueRange ?? o.valueRatio,
});
/** Observations the ORU profile writes: those with a value v2 has a type for. */
const SKIPPED_VALUES = new Set(['valuePeriod', 'valueSampledData', 'valueAttachment', 'valueTime']);
const writable = (o: Observation): boolean => Object.keys(o).some((k) => /^value[A-Z]/.test(k) && !SKIPPED_VALUES.has(k));

/** A v2 → FHIR profile of two rules reading RXA back (the default profiles have no VXU one yet). */
const RXA_BACK: Hl7MappingProfileContent = {
  name: 'RXA back (test)',
  messageTypes: ['VXU^V04'],
  resources: [{ key: 'immunization', resourceType: 'Immunization', each: 'RXA', identity: { mode: 'create' } }],
  rules: [
    { id: 'vaccine', resource: 'immunization', source: 'RXA-5', target: 'vaccineCode', transform: 'cwe_to_codeable_concept' },
    { id: 'occurrence', resource: 'immunization', source: 'RXA-3', target: 'occurrenceDateTime', transform: 'ts_to_datetime' },
    { id: 'lot', resource: 'immunization', source: 'RXA-15', target: 'lotNumber' },
  ],
};

describe('FHIR → v2 with the shared corpus’s FHIR resources', () => {
  const patient = fhir<Patient>('msfs_Patient-f001.json');

  it('writes msfs_Patient-f001 as an ADT^A08 whose Patient reads back with the same identifier, name, birth date and gender', () => {
    const message = outbound(patient);
    expect(message.get('MSH-9')).toBe('ADT');
    expect(message.getRaw('MSH-9')).toBe('ADT^A08^ADT_A01');
    expect(message.get('MSH-12')).toBe('2.5.1');
    const back = resourcesOf<Patient>(convertMessage(message)?.bundle, 'Patient')[0];
    expect(patientKeys(back)).toEqual(patientKeys(patient));
    expect(back?.telecom?.map((t) => [t.system, t.value])).toEqual([
      ['phone', '0648352638'],
      ['email', 'p.heuvel@gmail.com'],
    ]);
    expect(back?.address?.[0]).toMatchObject({ use: 'home', line: ['Van Egmondkade 23'], city: 'Amsterdam', postalCode: '1024 RJ', country: 'NLD' });
  });

  it('writes an ADT^A04 when the caller asks for that message type', () => {
    expect(outbound(patient, { messageType: 'ADT^A04' }).getRaw('MSH-9')).toBe('ADT^A04^ADT_A01');
  });

  it('writes msfs_diagnosticreport-example with its Bundle as an ORU^R01 with one OBX per result, whose Observations read back with the same codes, values and units', () => {
    const bundle = fhir<Bundle>('msfs_diagnosticreport-example.json');
    const report = bundle.entry![0]!.resource as DiagnosticReport;
    const observations = resourcesOf<Observation>(bundle, 'Observation');
    const pat2: Patient = { ...patient, id: 'pat2' };
    const message = outbound(report, { resources: [...observations, pat2] });
    expect(message.getRaw('MSH-9')).toBe('ORU^R01^ORU_R01');
    expect(message.segments('OBX').map((obx) => obx.get(1))).toEqual(observations.map((_, i) => String(i + 1)));
    const back = convertMessage(message)?.bundle;
    expect(resourcesOf<Observation>(back, 'Observation').map(observationKeys)).toEqual(observations.map(observationKeys));
    const backReport = resourcesOf<DiagnosticReport>(back, 'DiagnosticReport')[0];
    expect(backReport?.status).toBe('final');
    expect(backReport?.code.coding?.[0]).toMatchObject({ system: 'http://loinc.org', code: '58410-2' });
    expect(patientKeys(resourcesOf<Patient>(back, 'Patient')[0])).toEqual(patientKeys(pat2));
  });

  it('writes msfs_Observation-For-Patient-f001 as an OBX of an ORU^R01 when a report names it', () => {
    const observation = fhir<Observation>('msfs_Observation-For-Patient-f001.json');
    const report: DiagnosticReport = { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'Glucose' }, subject: { reference: 'Patient/f001' }, result: [{ reference: 'Observation/f001' }] };
    const message = outbound(report, { resources: [observation, patient] });
    expect(message.get('OBX-8')).toBe('H');
    const back = resourcesOf<Observation>(convertMessage(message)?.bundle, 'Observation');
    expect(back.map(observationKeys)).toEqual([observationKeys(observation)]);
    expect(back[0]?.valueQuantity).toMatchObject({ value: 6.3, system: 'http://unitsofmeasure.org', code: 'mmol/L' });
  });

  it('writes msfs_Immunization as a VXU^V04 whose RXA reads back with the same vaccine code, date and lot', () => {
    const immunization = fhir<Immunization>('msfs_Immunization.json');
    const message = outbound(immunization, { resources: [{ ...patient, id: 'example' }] });
    expect(message.getRaw('MSH-9')).toBe('VXU^V04^VXU_V04');
    const back = resourcesOf<Immunization>(runProfile(RXA_BACK, message).bundle, 'Immunization')[0];
    expect(back?.vaccineCode.coding?.[0]).toMatchObject({ system: 'urn:oid:1.2.36.1.2001.1005.17', code: 'FLUVAX' });
    expect(back?.occurrenceDateTime).toBe('2013-01-10');
    expect(back?.lotNumber).toBe('AAJN11K');
    expect(message.get('RXA-20')).toBe('CP');
    expect(message.get('RXR-1')).toBe('IM');
    expect(patientKeys(resourcesOf<Patient>(convertMessage(parse(message.toString().replace('VXU^V04^VXU_V04', 'ADT^A08^ADT_A01')))?.bundle, 'Patient')[0])).toEqual(patientKeys(patient));
  });

  // Read back through the v2 → FHIR CWE transform itself: the codec's groupSegments does not return on an
  // ORM_O01 message (the corpus's msfc_ORM-O01-01.hl7 too), so runProfile cannot run over one yet.
  it.each(['ORM^O01', 'OML^O21'])('writes msfs_servicerequest-example as an %s whose OBR-4 reads back as the same code', (messageType) => {
    const request = fhir<Resource & { code: unknown }>('msfs_servicerequest-example.json');
    const message = outbound(request, { messageType, resources: [{ ...patient, id: 'example' }] });
    expect(message.getRaw('MSH-9')).toBe(`${messageType}^${messageType.replace('^', '_')}`);
    expect(message.get('ORC-1')).toBe('SC');
    expect(message.get('ORC-5')).toBe('CM');
    const back = cweToCodeableConcept(readField(message.segment('OBR')!, 4)[0]!);
    expect(back.ok && back.value).toEqual({ coding: [{ system: 'http://snomed.info/sct', code: '303653007', display: 'Computed tomography of head' }] });
  });

  it('answers undefined for a resource type no profile covers', () => {
    expect(fhirToHl7(fhir('msfs_Practitioner.json'), context())).toBeUndefined();
  });
});

const corpus = readdirSync(HL7_CORPUS)
  .filter((file) => file.endsWith('.hl7'))
  .sort()
  .flatMap((file) => {
    try {
      const message = parse(decodeHl7(readFileSync(join(HL7_CORPUS, file))).text);
      const conversion = convertMessage(message);
      return conversion ? [{ file, type: `${message.header.messageCode}^${message.header.triggerEvent}`, bundle: conversion.bundle }] : [];
    } catch {
      return [];
    }
  });
const adt = corpus.filter((c) => c.type === 'ADT^A04' || c.type === 'ADT^A08' || c.type === 'ADT^A01' || c.type === 'ADT^A28' || c.type === 'ADT^A31');
const oru = corpus.filter((c) => c.type === 'ORU^R01' && resourcesOf(c.bundle, 'Observation').length > 0);

describe('v2 → FHIR → v2 → FHIR over the corpus', () => {
  it('has corpus ADT and ORU messages to go round', () => {
    expect(adt.length).toBeGreaterThan(8);
    expect(oru.length).toBeGreaterThan(8);
  });

  it.each(adt.map((c) => [c.file, c.bundle] as const))('%s: the Patient goes out as an ADT^A08 and reads back with the same identifiers, names, birth date and gender', (_file, bundle) => {
    const patient = resourcesOf<Patient>(bundle, 'Patient')[0];
    const message = outbound(patient);
    expect(message.getRaw('MSH-9')).toBe('ADT^A08^ADT_A01');
    expect(patientKeys(resourcesOf<Patient>(convertMessage(message)?.bundle, 'Patient')[0])).toEqual(patientKeys(patient));
  });

  it.each(oru.map((c) => [c.file, c.bundle] as const))('%s: each DiagnosticReport goes out as an ORU^R01 whose Observations read back with the same codes, values and units', (_file, bundle) => {
    for (const report of resourcesOf<DiagnosticReport>(bundle, 'DiagnosticReport')) {
      const message = outbound(report, { resources: bundle });
      const sent = (report.result ?? []).map((ref) => bundle.entry!.find((e) => e.fullUrl === ref.reference)!.resource as Observation);
      const back = convertMessage(message)?.bundle;
      expect(resourcesOf<Observation>(back, 'Observation').map(observationKeys)).toEqual(sent.filter(writable).map(observationKeys));
      expect(patientKeys(resourcesOf<Patient>(back, 'Patient')[0])).toEqual(patientKeys(resourcesOf<Patient>(bundle, 'Patient')[0]));
    }
  });
});
