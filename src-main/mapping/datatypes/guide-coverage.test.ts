import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../fhir/terminology/csv';
import type { MapResult } from '../transforms/result';
import { xadToAddress } from './address';
import { cweToCodeableConcept } from './codeable-concept';
import { xtnToContactPoint } from './contact-point';
import { tsToDateTime } from './date-time';
import { xpnToHumanNames } from './human-name';
import { cxToIdentifier } from './identifier';
import type { V2Value } from './v2-value';

/**
 * Walks the guide's datatype sheets: every row that names a FHIR attribute is either mapped — setting
 * that component (with what its condition needs) changes our output — or listed here with a reason.
 */
const guideDir = resolve(import.meta.dirname, '../../../../shared/reference/v2-to-fhir/mappings/datatypes');

type Parts = Partial<Record<number, string | readonly string[]>>;
interface Sheet {
  readonly file: string;
  readonly transform: (value: V2Value) => MapResult<unknown>;
  /** Components every probe starts from (so a part alone is not rejected as empty). */
  readonly base: Parts;
  /** What to set for component n (and any component its guide condition needs); default a plain marker. */
  readonly probes: Record<number | string, Parts>;
}

const DR = ['20200101', '20210101'];
const SHEETS: readonly Sheet[] = [
  {
    file: 'hl7-data-type-fhir-r4_-xpn-humanname-sheet1.csv',
    transform: (v) => xpnToHumanNames(v),
    base: { 1: 'Fam', 2: 'Giv' },
    probes: { 7: { 7: 'L' }, 10: { 10: DR }, 11: { 11: 'G' }, 12: { 12: '20200101' }, 13: { 13: '20210101' } },
  },
  {
    file: 'hl7-data-type-fhir-r4_-xad-address-sheet1.csv',
    transform: (v) => xadToAddress(v),
    base: { 3: 'City' },
    probes: {
      'XAD.7 type': { 7: 'M' },
      'XAD.7 use': { 7: 'H' },
      'XAD.7 extension[1].url': { 7: 'HV' },
      'XAD.7 extension[1].valueCode': { 7: 'HV' },
      1: { 1: ['1', 'Main St', '2'] },
      9: { 9: ['C1', 'County'] }, 10: { 10: ['T1', '0101.02'] }, 12: { 12: DR }, 13: { 13: '20200101' }, 14: { 14: '20210101' } },
  },
  {
    file: 'hl7-data-type-fhir-r4_-xtn-contactpoint-sheet1.csv',
    transform: (v) => xtnToContactPoint(v),
    base: { 1: '5551234' },
    probes: {
      'XTN.3 system': { 3: 'FX' },
      2: { 2: 'PRN' },
      4: { 3: 'Internet', 4: 'a@example.org' }, 12: { 12: '5559999' }, 13: { 13: '20200101' }, 14: { 14: '20210101' }, 18: { 18: '2' } },
  },
  {
    file: 'hl7-data-type-fhir-r4_-cx-identifier-sheet1.csv',
    transform: (v) => cxToIdentifier(v),
    base: { 1: '123' },
    probes: { 4: { 4: ['', '1.2.3', 'ISO'] }, 5: { 5: 'MR' }, 7: { 7: '20200101' }, 8: { 8: '20210101' } },
  },
  {
    file: 'hl7-data-type-fhir-r4_-cwe-codeableconcept-sheet1.csv',
    transform: (v) => cweToCodeableConcept(v),
    base: { 1: 'C1' },
    probes: { 3: { 3: 'LN' }, 5: { 4: 'A1', 5: 'Alt' }, 6: { 4: 'A1', 6: 'SCT' }, 8: { 4: 'A1', 8: 'v2' }, 11: { 10: 'B1', 11: 'Second' }, 12: { 10: 'B1', 12: 'LN' }, 13: { 10: 'B1', 13: 'v3' } },
  },
  { file: 'hl7-data-type-fhir-r4_-ts-datetime-sheet1.csv', transform: (v) => tsToDateTime(v), base: {}, probes: { 1: { 1: '20200101' } } },
  { file: 'hl7-data-type-fhir-r4_-dtm-datetime-sheet1.csv', transform: (v) => tsToDateTime(v), base: {}, probes: { 1: { 1: '20200101' } } },
];

/** Rows deliberately not mapped, by `identifier FHIR attribute`. */
const SKIPPED: Record<string, string> = {
  'CX.4 assigner(Organization)': 'an Organization resource is the mapper\'s to make; we give the system (or assigner.display for a local name)',
  'XAD.7 extension[2].uri': 'the guide names no URL for the extension keeping the v2 address type; unmapped types are reported as MAP_UNMAPPED_CODE',
  'XAD.7 extension[2].valueCodeableConcept.coding.value': 'as above: no extension URL in the guide',
  'XAD.7 extension[2].valueCodeableConcept.coding.system': 'as above: no extension URL in the guide',
  'XTN.3 system.extension-data-absent-reason': 'FHIR requires a system beside a value (cpt-2); XTN.1 is a telephone number by definition, so system is phone',
};

const valueOf = (parts: Parts): V2Value => {
  const last = Math.max(0, ...Object.keys(parts).map(Number));
  return Array.from({ length: last }, (_, i) => {
    const part = parts[i + 1];
    return part === undefined ? [''] : typeof part === 'string' ? [part] : [...part];
  });
};

const mappedRows = (file: string): { id: string; attribute: string }[] =>
  parseCsv(readFileSync(resolve(guideDir, file), 'utf8'))
    .slice(2)
    .map((row) => ({ id: (row[1] ?? '').trim(), attribute: (row[9] ?? '').trim() }))
    .filter((row) => /^[A-Z]+\.\d+$/.test(row.id) && row.attribute !== '');

describe('the guide\'s datatype sheets are covered', () => {
  for (const sheet of SHEETS) {
    const rows = mappedRows(sheet.file);
    it.each(rows.map((row) => [`${row.id} ${row.attribute}`, row] as const))(`${sheet.file.replace(/^hl7-data-type-fhir-r4_-|-sheet1\.csv$/g, '')}: %s is mapped or listed as skipped`, (key, row) => {
      if (SKIPPED[key] !== undefined) return;
      const n = Number(row.id.split('.')[1]);
      const probe = sheet.probes[key] ?? sheet.probes[n] ?? { [n]: 'Zq9' };
      const withPart = { ...sheet.base, ...probe };
      const withoutPart = { ...withPart, [n]: undefined };
      const mapped = sheet.transform(valueOf(withPart));
      const without = sheet.transform(valueOf(withoutPart));
      expect(mapped.ok).toBe(true);
      // Only the value counts: a warning about an ignored component is no mapping.
      expect(JSON.stringify(mapped.ok ? mapped.value : null)).not.toBe(JSON.stringify(without.ok ? without.value : null));
    });
  }

  it('lists no skipped row the sheets do not have', () => {
    const all = new Set(SHEETS.flatMap((sheet) => mappedRows(sheet.file).map((row) => `${row.id} ${row.attribute}`)));
    expect(Object.keys(SKIPPED).filter((key) => !all.has(key))).toEqual([]);
  });
});
