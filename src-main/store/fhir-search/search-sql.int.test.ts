import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { extractIndexRows, parseSearch, type IndexRows } from '../../fhir/search';
import { createFhirRepo } from '../fhir-repo';

const TENANT = 'tenant-a';
const db = new Database(':memory:');

const COLUMNS: Record<keyof IndexRows, string[]> = {
  token: ['system', 'code', 'text'],
  string: ['value', 'exact'],
  date: ['start', 'end'],
  reference: ['target_type', 'target_id', 'url'],
  quantity: ['value', 'system', 'code'],
  uri: ['value'],
};
const camel = (column: string): string => column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

/** Writes a resource and its index rows the way the repository does. */
function store(resource: Resource, lastUpdated: string, options: { tenant?: string; deleted?: boolean } = {}): void {
  const tenant = options.tenant ?? TENANT;
  db.prepare('INSERT INTO fhir_resources (tenant_id, resource_type, id, version_id, last_updated, deleted, content) VALUES (?, ?, ?, 1, ?, ?, ?)').run(
    tenant,
    resource.resourceType,
    resource.id,
    Date.parse(lastUpdated),
    options.deleted ? 1 : 0,
    JSON.stringify(resource),
  );
  const rows = extractIndexRows(resource);
  for (const [table, columns] of Object.entries(COLUMNS) as [keyof IndexRows, string[]][]) {
    const insert = db.prepare(
      `INSERT INTO fhir_search_${table} (tenant_id, resource_type, resource_id, param, ${columns.map((c) => `"${c}"`).join(', ')}) VALUES (?, ?, ?, ?, ${columns.map(() => '?').join(', ')})`,
    );
    for (const row of rows[table]) {
      const values = row as unknown as Record<string, unknown>;
      insert.run(tenant, resource.resourceType, resource.id, row.param, ...columns.map((c) => values[camel(c)]));
    }
  }
}

function run(resourceType: string, params: [string, string][], tenant: string) {
  const request = parseSearch(resourceType, params);
  if (request instanceof AppError) throw request;
  return createFhirRepo(db).search(tenant, request);
}

const search = (resourceType: string, params: [string, string][], tenant = TENANT): string[] => run(resourceType, params, tenant).rows.map((r) => r.id);
const total = (resourceType: string, params: [string, string][]): number => run(resourceType, params, TENANT).total;

const sorted = (ids: string[]): string[] => [...ids].sort();
const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';

beforeAll(() => {
  db.pragma('foreign_keys = OFF');
  for (const migration of ['0002_fhir_store.sql', '0010_fhir_index_digest.sql']) {
    const ddl = readFileSync(new URL(`../../../db/migrations/${migration}`, import.meta.url), 'utf8');
    for (const statement of ddl.split('--> statement-breakpoint')) db.exec(statement);
  }

  store({ resourceType: 'Patient', id: 'p1', identifier: [{ system: 'sys-a', value: '111' }], name: [{ family: 'van de Heuvel', given: ['Pieter'] }], gender: 'male', birthDate: '1944-11-17' }, '2024-01-01T10:00:00Z');
  store({ resourceType: 'Patient', id: 'p2', identifier: [{ system: 'sys-b', value: '222' }], name: [{ family: 'Müller', given: ['Zoë'] }], gender: 'female', birthDate: '1980-03-15' }, '2024-01-02T10:00:00Z');
  store({ resourceType: 'Patient', id: 'p3', name: [{ family: 'Heuvelman', given: ['Anna'] }], gender: 'female', birthDate: '1980-03' }, '2024-01-03T10:00:00Z');
  store({ resourceType: 'Patient', id: 'p4', identifier: [{ system: 'sys-a', value: '333' }], name: [{ family: 'Smith' }], gender: 'male', birthDate: '1980' }, '2024-01-03T11:00:00Z', { deleted: true });
  store({ resourceType: 'Patient', id: 'p5', name: [{ family: 'Heuvel' }], gender: 'male' }, '2024-01-03T12:00:00Z', { tenant: 'tenant-b' });
  store({ resourceType: 'Patient', id: 'p6', name: [{ family: 'Jones' }], gender: 'male', birthDate: '1980' }, '2024-01-04T10:00:00Z');
  store({ resourceType: 'Patient', id: 'p7', identifier: [{ value: '777' }], name: [{ family: 'Brown' }], birthDate: '1990-01-01' }, '2024-01-05T10:00:00Z');

  const lab = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] };
  store({
    resourceType: 'Observation',
    id: 'o1',
    status: 'final',
    category: [lab],
    code: { coding: [{ system: LOINC, code: '15074-8', display: 'Glucose [Moles/volume] in Blood' }] },
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: '2013-04-02T09:30:10+01:00',
    valueQuantity: { value: 6.3, unit: 'mmol/l', system: UCUM, code: 'mmol/L' },
  }, '2024-02-01T00:00:00Z');
  store({
    resourceType: 'Observation',
    id: 'o2',
    status: 'preliminary',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: LOINC, code: '8310-5' }] },
    subject: { reference: 'Patient/p2' },
    effectivePeriod: { start: '2020-01-01', end: '2020-01-31' },
    valueQuantity: { value: 37.5, unit: 'C', system: UCUM, code: 'Cel' },
  }, '2024-02-02T00:00:00Z');
  store({
    resourceType: 'Observation',
    id: 'o3',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '15074-8' }, { code: 'GLU' }] },
    subject: { reference: 'Patient/p3' },
    performer: [{ reference: 'https://other.example/fhir/Practitioner/9' }],
    effectiveDateTime: '2020-06-15',
    valueQuantity: { value: 100, unit: 'mg', system: UCUM, code: 'mg' },
  }, '2024-02-03T00:00:00Z');
  store({ resourceType: 'Observation', id: 'o4', status: 'amended', code: { text: 'x' }, subject: { reference: 'Patient/p4' } }, '2024-02-04T00:00:00Z');
});

describe('the FHIR repository’s search against SQLite', () => {
  it('matches tokens by code alone, by system and code, by system, and by no system', () => {
    expect(search('Patient', [['identifier', '111']])).toEqual(['p1']);
    expect(search('Patient', [['identifier', 'sys-a|111']])).toEqual(['p1']);
    expect(search('Patient', [['identifier', 'sys-b|111']])).toEqual([]);
    expect(search('Patient', [['identifier', 'sys-a|']])).toEqual(['p1']);
    expect(search('Patient', [['identifier', '|777']])).toEqual(['p7']);
    expect(search('Patient', [['identifier', '|111']])).toEqual([]);
    expect(search('Observation', [['code', `${LOINC}|15074-8`]])).toEqual(['o1', 'o3']);
    expect(search('Observation', [['code:text', 'glucose']])).toEqual(['o1']);
  });

  it('answers :not with resources that have no matching value, including none at all', () => {
    expect(search('Patient', [['gender:not', 'female']])).toEqual(['p1', 'p6', 'p7']);
    expect(search('Observation', [['status:not', 'final,preliminary']])).toEqual(['o4']);
  });

  it('answers :missing with or without any value of the parameter', () => {
    expect(search('Patient', [['gender:missing', 'true']])).toEqual(['p7']);
    expect(search('Patient', [['gender:missing', 'false']])).toEqual(['p1', 'p2', 'p3', 'p6']);
    expect(search('Observation', [['category:missing', 'true']])).toEqual(['o3', 'o4']);
  });

  it('matches strings by normalized prefix, exactly, or by substring', () => {
    expect(search('Patient', [['family', 'heuvel']])).toEqual(['p3']);
    expect(search('Patient', [['family', 'VAN']])).toEqual(['p1']);
    expect(search('Patient', [['family', 'MÜL']])).toEqual(['p2']);
    expect(search('Patient', [['family', 'muller']])).toEqual(['p2']);
    expect(search('Patient', [['family:exact', 'Müller']])).toEqual(['p2']);
    expect(search('Patient', [['family:exact', 'muller']])).toEqual([]);
    expect(search('Patient', [['family:contains', 'EUV']])).toEqual(['p1', 'p3']);
    expect(search('Patient', [['name', 'pieter']])).toEqual(['p1']);
    expect(search('Patient', [['given', 'zoe']])).toEqual(['p2']);
  });

  it.each([
    ['eq', ['p2', 'p3']],
    ['ne', ['p1', 'p6', 'p7']],
    ['gt', ['p6', 'p7']],
    ['lt', ['p1', 'p6']],
    ['ge', ['p2', 'p3', 'p6', 'p7']],
    ['le', ['p1', 'p2', 'p3', 'p6']],
    ['sa', ['p7']],
    ['eb', ['p1']],
  ])('applies the %s prefix to date ranges as R4 defines it', (prefix, ids) => {
    // birthdates: p1 1944-11-17, p2 1980-03-15, p3 1980-03, p6 1980, p7 1990-01-01; searching March 1980
    expect(search('Patient', [['birthdate', `${prefix}1980-03`]])).toEqual(ids);
  });

  it('matches a period by its bounds and a dateTime by its time zone', () => {
    expect(search('Observation', [['date', '2020-01']])).toEqual(['o2']);
    expect(search('Observation', [['date', '2020-01-15']])).toEqual([]);
    expect(search('Observation', [['date', 'ge2020-01-15']])).toEqual(['o2', 'o3']);
    expect(search('Observation', [['date', '2013-04-02T08:30:10Z']])).toEqual(['o1']);
    expect(search('Observation', [['date', 'lt2013-04-02T09:30:10+01:00']])).toEqual([]);
  });

  it('matches quantities by value with precision, prefix, system and unit', () => {
    expect(search('Observation', [['value-quantity', '6.3']])).toEqual(['o1']);
    expect(search('Observation', [['value-quantity', '6']])).toEqual(['o1']);
    expect(search('Observation', [['value-quantity', '6.0']])).toEqual([]);
    expect(search('Observation', [['value-quantity', 'gt37']])).toEqual(['o2', 'o3']);
    expect(search('Observation', [['value-quantity', `lt37|${UCUM}|mmol/L`]])).toEqual(['o1']);
    expect(search('Observation', [['value-quantity', `ge37.5|${UCUM}|Cel`]])).toEqual(['o2']);
    expect(search('Observation', [['value-quantity', '100||mg']])).toEqual(['o3']);
    expect(search('Observation', [['value-quantity', '6.3||mmol/l']])).toEqual(['o1']);
    expect(search('Observation', [['value-quantity', `ne6.3|${UCUM}|mmol/L`]])).toEqual([]);
  });

  it('matches references by Type/id, by bare id and by absolute URL', () => {
    expect(search('Observation', [['patient', 'Patient/p1']])).toEqual(['o1']);
    expect(search('Observation', [['patient', 'p2']])).toEqual(['o2']);
    expect(search('Observation', [['subject', 'p3']])).toEqual(['o3']);
    expect(search('Observation', [['subject:Patient', 'p3']])).toEqual(['o3']);
    expect(search('Observation', [['performer', 'https://other.example/fhir/Practitioner/9']])).toEqual(['o3']);
  });

  it('follows a chain to live targets only', () => {
    expect(search('Observation', [['patient.identifier', 'sys-a|111']])).toEqual(['o1']);
    expect(search('Observation', [['subject:Patient.family', 'muller']])).toEqual(['o2']);
    expect(search('Observation', [['subject.name', 'anna']])).toEqual(['o3']);
    expect(search('Observation', [['patient._id', 'p2']])).toEqual(['o2']);
    expect(search('Observation', [['patient.identifier', 'sys-a|333']])).toEqual([]);
    expect(search('Observation', [['patient', 'p4']])).toEqual(['o4']);
  });

  it('ORs values within a parameter and ANDs parameters', () => {
    expect(search('Patient', [['gender', 'male,female']])).toEqual(['p1', 'p2', 'p3', 'p6']);
    expect(search('Patient', [['gender', 'female'], ['birthdate', '1980-03-15']])).toEqual(['p2']);
    expect(search('Observation', [['code', '15074-8'], ['code', 'GLU']])).toEqual(['o3']);
  });

  it('sorts by date ranges, strings and _lastUpdated in both directions, then by id', () => {
    expect(search('Patient', [['_sort', 'birthdate']])).toEqual(['p1', 'p6', 'p3', 'p2', 'p7']);
    expect(search('Patient', [['_sort', Array.from({ length: 20 }, () => 'birthdate').join(',')]])).toEqual(['p1', 'p6', 'p3', 'p2', 'p7']);
    expect(search('Patient', [['_sort', '-birthdate']])).toEqual(['p7', 'p6', 'p3', 'p2', 'p1']);
    expect(search('Patient', [['_sort', 'family']])).toEqual(['p7', 'p3', 'p6', 'p2', 'p1']);
    expect(search('Patient', [['_sort', '-family']])).toEqual(['p1', 'p2', 'p6', 'p3', 'p7']);
    expect(search('Patient', [['_sort', '-_lastUpdated']])).toEqual(['p7', 'p6', 'p3', 'p2', 'p1']);
    expect(search('Patient', [['_sort', 'gender,-_id']])).toEqual(['p7', 'p3', 'p2', 'p6', 'p1']);
  });

  it('pages with _count and _offset while the count query sees every match', () => {
    const page = (offset: string): string[] => search('Patient', [['_sort', 'family'], ['_count', '2'], ['_offset', offset]]);
    expect([page('0'), page('2'), page('4'), page('6')]).toEqual([['p7', 'p3'], ['p6', 'p2'], ['p1'], []]);
    expect(total('Patient', [['_count', '2']])).toBe(5);
    expect(total('Patient', [['gender', 'female']])).toBe(2);
  });

  it('matches _id and _lastUpdated from the resource row', () => {
    expect(search('Patient', [['_id', 'p2,p1']])).toEqual(['p1', 'p2']);
    expect(search('Patient', [['_id:not', 'p1']])).toEqual(['p2', 'p3', 'p6', 'p7']);
    expect(search('Patient', [['_id', 'p4']])).toEqual([]);
    expect(search('Patient', [['_lastUpdated', '2024-01-02']])).toEqual(['p2']);
    expect(search('Patient', [['_lastUpdated', 'gt2024-01-03']])).toEqual(['p6', 'p7']);
    expect(search('Patient', [['_lastUpdated', 'le2024-01-02']])).toEqual(['p1', 'p2']);
  });

  it('never returns deleted resources or another tenant’s', () => {
    expect(sorted(search('Patient', []))).toEqual(['p1', 'p2', 'p3', 'p6', 'p7']);
    expect(search('Patient', [['family', 'heuvel']], 'tenant-b')).toEqual(['p5']);
    expect(search('Patient', [['identifier', 'sys-a|333']])).toEqual([]);
  });

  it('treats hostile values as data', () => {
    for (const value of ["' OR 1=1 --", '%', '_', '"); DROP TABLE fhir_resources; --', '\u0000', '\\']) {
      expect(search('Patient', [['family', value]])).toEqual([]);
      expect(search('Patient', [['family:contains', value]])).toEqual([]);
      expect(search('Patient', [['identifier', value]])).toEqual([]);
    }
    expect(sorted(search('Patient', []))).toHaveLength(5);
  });

  it('runs a search of 1,000 values, OR-ed in one parameter or AND-ed across parameters, and refuses more by name', () => {
    const values = (n: number, make: (i: number) => string): string => Array.from({ length: n }, (_, i) => make(i)).join(',');
    expect(search('Patient', [['identifier', values(1000, (i) => (i === 999 ? 'sys-a|111' : `sys-x|${i}`))]])).toEqual(['p1']);
    expect(sorted(search('Patient', [['birthdate', values(1000, (i) => (i === 999 ? '1990' : `eq${3000 + i}`))]]))).toEqual(['p7']);
    expect(search('Patient', Array.from({ length: 1000 }, (_, i): [string, string] => (i === 0 ? ['family', 'van'] : ['identifier:not', `sys-x|${i}`])))).toEqual(['p1']);
    expect(parseSearch('Patient', [['identifier', values(1000, (i) => `x${i}`)], ['gender', 'male']])).toMatchObject({ code: 'FHIR_SEARCH_INVALID_VALUE', details: { param: 'gender' } });
  });
});
