import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../hl7';
import { convertMessage } from './convert';
import { DISAGREEMENTS } from './compare-microsoft-disagreements';

/**
 * Our default profiles against Microsoft FHIR-Converter's expected Bundles for the same messages
 * (shared corpus, hl7-to-fhir/microsoft-fhir-converter): the key elements of each covered message
 * are compared, and every disagreement must be one the table explains.
 */
const DIR = resolve(import.meta.dirname, '../../../shared/corpus/hl7-to-fhir/microsoft-fhir-converter');

type Json = Record<string, unknown>;
const get = (node: unknown, path: string): unknown => path.split('.').reduce<unknown>((at, key) => (at && typeof at === 'object' ? (Array.isArray(at) ? at[Number(key)] : (at as Json)[key]) : undefined), node);
const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
/** A time as the instant it names (they render in their configured zone, we keep the sender's offset); a date as is. */
const time = (value: unknown): string => {
  const t = text(value);
  return /T\d\d:\d\d/.test(t) && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : t;
};
const code = (concept: unknown): string => text(get(concept, 'coding.0.code'));
const set = (values: string[]): string => [...new Set(values.filter((v) => v.replace(/\|/g, '') !== ''))].sort().join(' ; ');

/** The key elements of a Bundle, each as one comparable text. */
function facts(bundle: Bundle): Map<string, string> {
  const of = (type: string): Json[] => (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === type ? [e.resource as unknown as Json] : []));
  const patient = of('Patient').find((p) => p.active !== false);
  const out = new Map<string, string>();
  const put = (key: string, value: string): void => {
    if (value !== '') out.set(key, value);
  };
  if (patient) {
    // Our key for a PID-3 without an assigning authority (sending facility + MRN) is no identifier the sender gave.
    put('Patient.identifier', set(((patient.identifier as Json[] | undefined) ?? []).filter((i) => i.system !== 'urn:interop-console:id:patient').map((i) => text(i.value))));
    put('Patient.name.family', text(get(patient, 'name.0.family')));
    put('Patient.name.given', text((get(patient, 'name.0.given') as string[] | undefined)?.join(' ')));
    put('Patient.birthDate', text(patient.birthDate));
    put('Patient.gender', text(patient.gender));
  }
  const observations = of('Observation');
  put('Observation.code', set(observations.map((o) => code(o.code))));
  put('Observation.value', set(observations.map((o) => `${code(o.code)}|${text(get(o, 'valueQuantity.value') ?? o.valueString ?? code(o.valueCodeableConcept) ?? '')}`)));
  put('Observation.unit', set(observations.map((o) => `${code(o.code)}|${text(get(o, 'valueQuantity.code') ?? get(o, 'valueQuantity.unit'))}`)));
  put('Observation.effective', set(observations.map((o) => `${code(o.code)}|${time(o.effectiveDateTime)}`)));
  put('Observation.status', set(observations.map((o) => `${code(o.code)}|${text(o.status)}`)));
  put('DiagnosticReport.status', set(of('DiagnosticReport').map((r) => `${code(r.code)}|${text(r.status)}`)));
  put('DiagnosticReport.effective', set(of('DiagnosticReport').map((r) => `${code(r.code)}|${time(r.effectiveDateTime)}`)));
  put('ServiceRequest', set(of('ServiceRequest').map((r) => `${code(r.code)}|${text(r.status)}|${text(r.intent)}`)));
  put('Appointment', set(of('Appointment').map((a) => `${text(a.status)}|${time(a.start)}|${time(a.end)}`)));
  // Our key for an appointment id (its namespace or the sending facility + the id) is no identifier the sender gave.
  put('Appointment.identifier', set(of('Appointment').flatMap((a) => ((a.identifier as Json[] | undefined) ?? []).filter((i) => i.system !== 'urn:interop-console:id:appointment').map((i) => text(i.value)))));
  put('Immunization', set(of('Immunization').map((i) => `${code(i.vaccineCode)}|${time(i.occurrenceDateTime)}|${text(i.status)}|${text(i.lotNumber)}`)));
  put('DocumentReference', set(of('DocumentReference').map((d) => `${text(get(d, 'masterIdentifier.value'))}|${text(d.status)}`)));
  return out;
}

const cases = readdirSync(DIR)
  .filter((file) => file.endsWith('.hl7') && readdirSync(DIR).includes(file.replace(/\.hl7$/, '.expected.json')))
  .sort()
  .flatMap((file) => {
    const message = parse(decodeHl7(readFileSync(join(DIR, file))).text);
    const ours = convertMessage(message, { messageId: 'COMPARE' });
    if (!ours) return [];
    const theirs = JSON.parse(readFileSync(join(DIR, file.replace(/\.hl7$/, '.expected.json')), 'utf8')) as Bundle;
    return [{ stem: file.replace(/\.hl7$/, ''), code: message.header.messageCode, ours: facts(ours.bundle), theirs: facts(theirs) }];
  });

/** Every element where the two converters disagree, as `stem element`. */
function disagreements(): Map<string, { ours: string; theirs: string }> {
  const found = new Map<string, { ours: string; theirs: string }>();
  for (const { stem, ours, theirs } of cases) {
    for (const element of new Set([...ours.keys(), ...theirs.keys()])) {
      const a = ours.get(element) ?? '';
      const b = theirs.get(element) ?? '';
      if (a !== b) found.set(`${stem} ${element}`, { ours: a, theirs: b });
    }
  }
  return found;
}

describe('our conversions against Microsoft FHIR-Converter’s', () => {
  const found = disagreements();
  const explained = new Set(DISAGREEMENTS.flatMap((d) => d.stems.map((stem) => `${stem} ${d.element}`)));

  it('cover the converter’s ADT, ORU, ORM, OML, SIU, MDM and VXU samples', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(['ADT', 'ORU', 'ORM', 'OML', 'SIU', 'MDM', 'VXU']));
    expect(cases.length).toBeGreaterThanOrEqual(54);
  });

  it('agree on every key element but those the table explains', () => {
    const unexplained = [...found].filter(([key]) => !explained.has(key)).map(([key, sides]) => `${key}\n  ours:   ${sides.ours}\n  theirs: ${sides.theirs}`);
    expect(unexplained).toEqual([]);
  });

  it('explain only disagreements that still occur', () => {
    expect([...explained].filter((key) => !found.has(key))).toEqual([]);
  });

  it('agree on the patient’s name, birth date and gender, and on every appointment, immunization and document, wherever both make them', () => {
    const keys = ['Patient.name.family', 'Patient.birthDate', 'Patient.gender', 'Appointment', 'Appointment.identifier', 'Immunization', 'DocumentReference'];
    const both = cases.flatMap((c) => keys.filter((k) => c.ours.has(k) && c.theirs.has(k)).map((k) => [c.ours.get(k), c.theirs.get(k)]));
    expect(both.length).toBeGreaterThan(100);
    expect(both.filter(([a, b]) => a !== b)).toEqual([]);
  });
});

