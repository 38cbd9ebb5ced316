import type { Address } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, ok } from '../transforms/result';
import type { DateTimeOptions } from './date-time';
import { drToPeriod, periodOf } from './date-time';
import { v2Code } from './v2-code';
import type { V2Value } from './v2-value';
import { comp, isEmpty, sub } from './v2-value';

/**
 * XAD → Address (the guide's XAD and SAD sheets). Lines: XAD.1 (SAD.1 street, SAD.2 street name,
 * SAD.3 dwelling number), XAD.2 other designation, XAD.19 addressee. XAD.7 gives `type` (M, SH) or
 * `use` (BA, BI, C, B, H, O) through the guide's AddressType maps, HV the iso21090-AD-use extension.
 * The guide also keeps the v2 code in an extension but names no URL for it, so a code FHIR has no word
 * for (N, L, P …) is reported as MAP_UNMAPPED_CODE instead.
 */

const EXT = 'http://hl7.org/fhir/StructureDefinition/';
const ADDRESS_TYPE_EXT = `${EXT}iso21090-AD-use`;
const CENSUS_TRACT_EXT = `${EXT}iso21090-ADXP-censusTract`;

/** CWE[string]: original text, else text, else the code (a v2.3 IS county code has only that). */
const cweText = (value: V2Value): string => comp(value, 9) || comp(value, 2) || comp(value, 1);

function typeAndUse(code: string, issues: IssueList): Pick<Address, 'type' | 'use' | 'extension'> {
  if (code === '') return {};
  if (code === 'HV') return { extension: [{ url: ADDRESS_TYPE_EXT, valueCode: 'HV' }] };
  const type = v2Code('AddressType[Type]', code);
  if (type.ok) return { type: type.value.code as Address['type'] };
  const use = v2Code('AddressType[Use]', code);
  if (use.ok) return { use: use.value.code as Address['use'] };
  issues.add(issue('MAP_UNMAPPED_CODE', 'the address type code has no Address.use or type in concept map AddressType; left out'));
  return {};
}

export function xadToAddress(xad: V2Value, options: DateTimeOptions = {}): MapResult<Address> {
  const issues = new IssueList();
  const street = sub(xad, 1);
  const line = [comp(street, 1), comp(street, 2), comp(street, 3), comp(xad, 2), comp(xad, 19)].filter((l) => l !== '');
  const fields = {
    city: comp(xad, 3),
    district: cweText(sub(xad, 9)),
    state: comp(xad, 4),
    postalCode: comp(xad, 5),
    country: comp(xad, 6),
  };
  const censusTract = cweText(sub(xad, 10));
  const { extension: typeExtension, ...kind } = typeAndUse(comp(xad, 7), issues);
  const extension = [...(typeExtension ?? []), ...(censusTract ? [{ url: CENSUS_TRACT_EXT, valueString: censusTract }] : [])];
  const start = comp(xad, 13);
  const end = comp(xad, 14);
  const period = start || end ? periodOf(start, end, issues, options) : isEmpty(sub(xad, 12)) ? undefined : issues.take(drToPeriod(sub(xad, 12), options));
  const address: Address = {
    ...(extension.length > 0 ? { extension } : {}),
    ...kind,
    ...(line.length > 0 ? { line } : {}),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
    ...(period && (period.start || period.end) ? { period } : {}),
  };
  if (line.length === 0 && Object.values(fields).every((v) => v === '')) return fail('MAP_EMPTY_ADDRESS', 'no street, city, state, postal code or country (expected XAD.1–XAD.6)');
  return ok(address, issues.items);
}
