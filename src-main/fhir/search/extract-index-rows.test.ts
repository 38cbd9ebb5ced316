import { readdirSync, readFileSync } from 'node:fs';
import { evalFhirPathTyped, toTypedValue } from '@medplum/core';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { RESOURCE_COLUMN_PARAMS, searchParametersOf } from './definitions';
import { extractIndexRows } from './extract-index-rows';
import { emptyIndexRows, type IndexRows, type IndexTable } from './index-rows';
import { addValueRows } from './value-rows';

const corpus = (file: string): Resource => JSON.parse(readFileSync(`/work/shared/corpus/fhir/${file}`, 'utf8').replace(/^\uFEFF/, '')) as Resource;
const ms = (iso: string): number => Date.parse(iso);
const rowsOf = <T extends IndexTable>(rows: IndexRows, table: T, param: string): unknown[] =>
  rows[table].filter((r) => r.param === param).map(({ param: _param, ...rest }) => rest);

describe('extractIndexRows', () => {
  it('indexes the Patient identifier, names, birth date, gender and address', () => {
    const rows = extractIndexRows(corpus('msfs_Patient-f001.json'));
    expect(rowsOf(rows, 'token', 'identifier')).toEqual([
      { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', code: '738472983', text: null },
      { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', code: null, text: null },
    ]);
    expect(rowsOf(rows, 'string', 'family')).toEqual([{ value: 'van de heuvel', exact: 'van de Heuvel' }]);
    expect(rowsOf(rows, 'string', 'given')).toEqual([{ value: 'pieter', exact: 'Pieter' }]);
    expect(rowsOf(rows, 'string', 'name').map((r) => (r as { exact: string }).exact)).toEqual(['van de Heuvel', 'Pieter', 'MSc']);
    expect(rowsOf(rows, 'date', 'birthdate')).toEqual([{ start: ms('1944-11-17T00:00:00.000Z'), end: ms('1944-11-17T23:59:59.999Z') }]);
    expect(rowsOf(rows, 'token', 'gender')).toEqual([{ system: null, code: 'male', text: null }]);
    expect(rowsOf(rows, 'string', 'address').map((r) => (r as { value: string }).value)).toEqual(['van egmondkade 23', 'amsterdam', '1024 rj', 'nld']);
    expect(rowsOf(rows, 'token', 'phone')).toEqual([{ system: 'phone', code: '0648352638', text: null }]);
    expect(rowsOf(rows, 'reference', 'organization')).toEqual([{ targetType: 'Organization', targetId: 'f001', url: null }]);
  });

  it('lower-cases and strips accents from string values but keeps the exact form', () => {
    const rows = extractIndexRows({ resourceType: 'Patient', name: [{ family: 'Müller', given: ['Zoë'] }] });
    expect(rowsOf(rows, 'string', 'family')).toEqual([{ value: 'muller', exact: 'Müller' }]);
    expect(rowsOf(rows, 'string', 'given')).toEqual([{ value: 'zoe', exact: 'Zoë' }]);
  });

  it('indexes the Observation patient, code, date, status and value', () => {
    const rows = extractIndexRows(corpus('msfs_Observation-For-Patient-f001.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'f001', url: null }]);
    expect(rowsOf(rows, 'reference', 'subject')).toEqual([{ targetType: 'Patient', targetId: 'f001', url: null }]);
    expect(rowsOf(rows, 'token', 'code')).toEqual([{ system: 'http://loinc.org', code: '15074-8', text: 'glucose [moles/volume] in blood' }]);
    expect(rowsOf(rows, 'date', 'date')).toEqual([{ start: ms('2013-04-02T08:30:10.000Z'), end: 8.64e15 }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'final', text: null }]);
    expect(rowsOf(rows, 'quantity', 'value-quantity')).toEqual([
      { value: 6.3, system: 'http://unitsofmeasure.org', code: 'mmol/L' },
      { value: 6.3, system: null, code: 'mmol/l' },
    ]);
  });

  it('indexes Observation category as one row per coding plus the concept text', () => {
    const rows = extractIndexRows({
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }], text: 'Lab' }],
    });
    expect(rowsOf(rows, 'token', 'category')).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', text: 'laboratory' },
      { system: null, code: null, text: 'lab' },
    ]);
  });

  it('indexes the DiagnosticReport patient, category, code, date and status', () => {
    const report = (corpus('msfs_diagnosticreport-example.json') as Bundle).entry?.[0]?.resource as Resource;
    const rows = extractIndexRows(report);
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'pat2', url: null }]);
    expect(rowsOf(rows, 'token', 'category')).toEqual([{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'HM', text: null }]);
    expect(rowsOf(rows, 'token', 'code')).toEqual([
      { system: 'http://loinc.org', code: '58410-2', text: 'complete blood count (hemogram) panel - blood by automated count' },
      { system: null, code: 'CBC', text: 'master full blood count' },
      { system: null, code: null, text: 'complete blood count' },
    ]);
    expect(rowsOf(rows, 'date', 'date')).toEqual([{ start: ms('2011-03-03T21:30:00.000Z'), end: ms('2011-03-03T21:30:00.999Z') }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'final', text: null }]);
    expect(rowsOf(rows, 'reference', 'result')).toHaveLength(17);
  });

  it('indexes the ServiceRequest patient, status, category, authored and requester', () => {
    const rows = extractIndexRows(corpus('msfs_servicerequest-example.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'example', url: null }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'completed', text: null }]);
    expect(rowsOf(rows, 'token', 'category')).toEqual([
      { system: 'http://snomed.info/sct', code: '103693007', text: 'diagnostic procedure (procedure)' },
      { system: null, code: null, text: 'diagnostics procedure' },
    ]);
    const ordered = extractIndexRows({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p1' },
      authoredOn: '2024-02-29T10:15:00+02:00',
      requester: { reference: 'https://other.example/fhir/Practitioner/9' },
    });
    expect(rowsOf(ordered, 'date', 'authored')).toEqual([{ start: ms('2024-02-29T08:15:00.000Z'), end: ms('2024-02-29T08:15:00.999Z') }]);
    expect(rowsOf(ordered, 'reference', 'requester')).toEqual([{ targetType: null, targetId: null, url: 'https://other.example/fhir/Practitioner/9' }]);
  });

  it('indexes the ImagingStudy patient, started, modality and status', () => {
    const rows = extractIndexRows(corpus('msfs_imagingstudy-example.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'dicom', url: null }]);
    expect(rowsOf(rows, 'date', 'started')).toEqual([{ start: ms('2011-01-01T08:01:20.000Z'), end: ms('2011-01-01T08:01:20.999Z') }]);
    expect(rowsOf(rows, 'token', 'modality')).toEqual([{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT', text: null }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'available', text: null }]);
  });

  it('indexes the Specimen patient, accession, type and status', () => {
    const rows = extractIndexRows(corpus('msfs_Specimen.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'example', url: null }]);
    expect(rowsOf(rows, 'token', 'accession')).toEqual([{ system: 'http://lab.acme.org/specimens/2011', code: 'X352356', text: null }]);
    expect(rowsOf(rows, 'token', 'type')).toEqual([{ system: 'http://snomed.info/sct', code: '122555007', text: 'venous blood specimen' }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'available', text: null }]);
  });

  it('indexes Encounter patient, status and period as the date range', () => {
    const rows = extractIndexRows(corpus('msfs_encounter-example.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'example', url: null }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'in-progress', text: null }]);
    const withPeriod = extractIndexRows({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { start: '2020-01', end: '2020-02-03' } });
    expect(rowsOf(withPeriod, 'date', 'date')).toEqual([{ start: ms('2020-01-01T00:00:00.000Z'), end: ms('2020-02-03T23:59:59.999Z') }]);
    const openStart = extractIndexRows({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, period: { end: '2020' } });
    expect(rowsOf(openStart, 'date', 'date')).toEqual([{ start: -8.64e15, end: ms('2020-12-31T23:59:59.999Z') }]);
  });

  it('indexes Appointment patient, date and status', () => {
    const rows = extractIndexRows(corpus('msfs_Appointment.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'example', url: null }]);
    expect(rowsOf(rows, 'date', 'date')).toEqual([{ start: ms('2013-12-10T09:00:00.000Z'), end: ms('2013-12-10T09:00:00.999Z') }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'booked', text: null }]);
    expect(rowsOf(rows, 'token', 'part-status')).toEqual([{ system: null, code: 'accepted', text: null }]);
  });

  it('indexes DocumentReference patient, date and status and skips contained references', () => {
    const rows = extractIndexRows(corpus('msfs_DocumentReference-example-with-base64.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'xcda', url: null }]);
    expect(rowsOf(rows, 'date', 'date')).toEqual([{ start: ms('2005-12-23T22:43:41.000Z'), end: ms('2005-12-23T22:43:41.999Z') }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'current', text: null }]);
    expect(rowsOf(rows, 'reference', 'author')).toEqual([{ targetType: 'Practitioner', targetId: 'xcda1', url: null }]);
  });

  it('indexes Immunization patient, date and status', () => {
    const rows = extractIndexRows(corpus('msfs_Immunization.json'));
    expect(rowsOf(rows, 'reference', 'patient')).toEqual([{ targetType: 'Patient', targetId: 'example', url: null }]);
    expect(rowsOf(rows, 'date', 'date')).toEqual([{ start: ms('2013-01-10T00:00:00.000Z'), end: ms('2013-01-10T23:59:59.999Z') }]);
    expect(rowsOf(rows, 'token', 'status')).toEqual([{ system: null, code: 'completed', text: null }]);
  });

  it('writes each distinct row once', () => {
    const rows = extractIndexRows(corpus('msfs_Appointment.json'));
    const keys = rows.token.map((r) => JSON.stringify(r));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('leaves _id and _lastUpdated to the resource row', () => {
    const rows = extractIndexRows({ resourceType: 'Patient', id: 'p1', meta: { lastUpdated: '2024-01-01T00:00:00Z' } });
    const params = Object.values(rows).flatMap((list: { param: string }[]) => list.map((r) => r.param));
    expect(params).not.toContain('_id');
    expect(params).not.toContain('_lastUpdated');
  });

  it('indexes Money and plain numbers as quantity rows and canonicals as uri rows', () => {
    const risk = extractIndexRows({ resourceType: 'RiskAssessment', status: 'final', subject: { reference: 'Patient/p' }, prediction: [{ probabilityDecimal: 0.25 }] });
    expect(rowsOf(risk, 'quantity', 'probability')).toEqual([{ value: 0.25, system: null, code: null }]);
    const invoice = extractIndexRows({ resourceType: 'Invoice', status: 'issued', totalGross: { value: 12.5, currency: 'EUR' } });
    expect(rowsOf(invoice, 'quantity', 'totalgross')).toEqual([{ value: 12.5, system: 'urn:iso:std:iso:4217', code: 'EUR' }]);
    const valueSet = extractIndexRows({ resourceType: 'ValueSet', status: 'active', url: 'http://example.org/vs' });
    expect(rowsOf(valueSet, 'uri', 'url')).toEqual([{ value: 'http://example.org/vs' }]);
    const declared = extractIndexRows({ resourceType: 'Patient', meta: { profile: ['http://example.org/p|2.0'] } });
    expect(rowsOf(declared, 'uri', '_profile')).toEqual([{ value: 'http://example.org/p|2.0' }, { value: 'http://example.org/p' }]);
  });

  it('still runs a parameter that answers for an absent element: a Patient that says nothing is deceased=false', () => {
    expect(rowsOf(extractIndexRows({ resourceType: 'Patient', gender: 'male' }), 'token', 'deceased')).toEqual([{ system: null, code: 'false', text: null }]);
  });

  it('gives the same rows as evaluating every parameter in full, for every corpus resource', () => {
    const inFull = (resource: Resource): Record<string, Set<string>> => {
      const rows = emptyIndexRows();
      for (const param of searchParametersOf(resource.resourceType)) {
        if (RESOURCE_COLUMN_PARAMS.has(param.code)) continue;
        for (const value of evalFhirPathTyped(param.atom, [toTypedValue(resource)])) addValueRows(param.code, param.type, value, rows);
      }
      return Object.fromEntries(Object.entries(rows).map(([table, list]: [string, unknown[]]) => [table, new Set(list.map((r) => JSON.stringify(r)))]));
    };
    const files = readdirSync('/work/shared/corpus/fhir').filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const resource = corpus(file);
      const rows = extractIndexRows(resource);
      const found = Object.fromEntries(Object.entries(rows).map(([table, list]: [string, unknown[]]) => [table, new Set(list.map((r) => JSON.stringify(r)))]));
      expect(found, file).toEqual(inFull(resource));
    }
  });
});
