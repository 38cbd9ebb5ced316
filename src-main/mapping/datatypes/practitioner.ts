import type { CodeableConcept, Identifier } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, ok } from '../transforms/result';
import { v2TableUri } from './coding-systems';
import type { DateTimeOptions } from './date-time';
import type { V2HumanName } from './human-name';
import { buildHumanName } from './human-name';
import { buildIdentifier } from './identifier';
import type { V2Value } from './v2-value';
import { comp, sub } from './v2-value';

/**
 * XCN → the parts of a Practitioner (the guide's XCN[Practitioner] sheet): identifier (XCN.1, check
 * digit XCN.11/12, authority XCN.9, type XCN.13), name (XCN.2–6, use XCN.10, period XCN.17/19/20,
 * assembly order XCN.18, professional suffix XCN.21) and qualification (XCN.7 degree, table 0360).
 * The mapper makes a contained or conditional Practitioner and the reference from these.
 */
export interface PractitionerParts {
  readonly identifier?: Identifier;
  readonly name?: V2HumanName;
  readonly qualification?: { readonly code: CodeableConcept };
}

/** XCN.2–XCN.6 (family with its FN.2–FN.5 parts, given, middle, suffixes, prefix), use XCN.10, period and assembly order → HumanName. */
export function xcnToHumanName(xcn: V2Value, options: DateTimeOptions = {}): MapResult<V2HumanName> {
  return buildHumanName(
    {
      family: sub(xcn, 2),
      given: comp(xcn, 3),
      middle: comp(xcn, 4),
      suffixes: [comp(xcn, 5), comp(xcn, 21)],
      prefix: comp(xcn, 6),
      typeCode: comp(xcn, 10),
      validity: sub(xcn, 17),
      assemblyOrder: comp(xcn, 18),
      effective: comp(xcn, 19),
      expires: comp(xcn, 20),
    },
    options,
  );
}

export function xcnToPractitioner(xcn: V2Value, options: DateTimeOptions = {}): MapResult<PractitionerParts> {
  const issues = new IssueList();
  const identifier = comp(xcn, 1)
    ? issues.take(buildIdentifier({ value: comp(xcn, 1), checkDigit: comp(xcn, 11), checkDigitScheme: comp(xcn, 12), authority: sub(xcn, 9), typeCode: comp(xcn, 13) }))
    : undefined;
  const name = comp(xcn, 2) || comp(xcn, 3) || comp(xcn, 4) ? issues.take(xcnToHumanName(xcn, options)) : undefined;
  const degree = comp(xcn, 7);
  if (!identifier && !name) return fail('MAP_EMPTY_VALUE', 'no person identifier or name (expected XCN.1 or XCN.2)');
  return ok(
    {
      ...(identifier ? { identifier } : {}),
      ...(name ? { name } : {}),
      ...(degree ? { qualification: { code: { coding: [{ system: v2TableUri('0360'), code: degree }] } } } : {}),
    },
    issues.items,
  );
}
