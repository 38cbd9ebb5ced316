import type { Extension, HumanName } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, ok } from '../transforms/result';
import { drToPeriod, periodOf } from './date-time';
import type { DateTimeOptions } from './date-time';
import { v2Code } from './v2-code';
import type { V2Value } from './v2-value';
import { comp, isEmpty, sub } from './v2-value';

/**
 * XPN → HumanName (the guide's XPN and FN sheets); XCN's name (practitioner.ts) is built by the same
 * code from its own positions. XPN.3 (middle names) stays one `given` entry: "Mary Anne" may be one
 * name or two, and only the sender knows. XPN.15 (called by) becomes a second name with use nickname.
 */

/** HumanName with the primitive extension of `family` (FN.2–FN.5), which @medplum/fhirtypes does not declare. */
export type V2HumanName = HumanName & { _family?: { extension: Extension[] } };

const EXT = 'http://hl7.org/fhir/StructureDefinition/';
const FAMILY_PARTS = [
  [2, `${EXT}humanname-own-prefix`],
  [3, `${EXT}humanname-own-name`],
  [4, `${EXT}humanname-partner-prefix`],
  [5, `${EXT}humanname-partner-name`],
] as const;

export interface NameParts {
  /** The FN: surname and its parts as subcomponents. */
  readonly family: V2Value;
  readonly given: string;
  readonly middle: string;
  readonly prefix: string;
  readonly suffixes: readonly string[];
  readonly typeCode: string;
  readonly validity: V2Value;
  readonly assemblyOrder: string;
  readonly effective: string;
  readonly expires: string;
}

function nameUse(code: string, issues: IssueList): HumanName['use'] {
  if (code === '') return undefined;
  const use = v2Code('NameType', code);
  if (use.ok) return use.value.code as HumanName['use'];
  issues.add(issue('MAP_UNMAPPED_CODE', 'the name type code has no HumanName.use in concept map NameType; use left empty'));
  return undefined;
}

export function buildHumanName(parts: NameParts, options: DateTimeOptions = {}): MapResult<V2HumanName> {
  const issues = new IssueList();
  const family = comp(parts.family, 1);
  const familyExtensions: Extension[] = FAMILY_PARTS.flatMap(([n, url]) => (comp(parts.family, n) ? [{ url, valueString: comp(parts.family, n) }] : []));
  const given = [parts.given, parts.middle].filter((g) => g !== '');
  const suffix = parts.suffixes.filter((s) => s !== '');
  const use = nameUse(parts.typeCode, issues);
  const period = parts.effective || parts.expires ? periodOf(parts.effective, parts.expires, issues, options) : isEmpty(parts.validity) ? undefined : issues.take(drToPeriod(parts.validity, options));
  const extension: Extension[] = parts.assemblyOrder ? [{ url: `${EXT}humanname-assembly-order`, valueCode: parts.assemblyOrder }] : [];
  const name: V2HumanName = {
    ...(extension.length > 0 ? { extension } : {}),
    ...(use ? { use } : {}),
    ...(family ? { family } : {}),
    ...(familyExtensions.length > 0 ? { _family: { extension: familyExtensions } } : {}),
    ...(given.length > 0 ? { given } : {}),
    ...(parts.prefix ? { prefix: [parts.prefix] } : {}),
    ...(suffix.length > 0 ? { suffix } : {}),
    ...(period && (period.start || period.end) ? { period } : {}),
  };
  if (!family && familyExtensions.length === 0 && given.length === 0) return fail('MAP_EMPTY_NAME', 'no family or given name (expected XPN.1 or XPN.2)');
  return ok(name, issues.items);
}

/** XPN → the name, and a nickname name when XPN.15 (called by) is sent. */
export function xpnToHumanNames(xpn: V2Value, options: DateTimeOptions = {}): MapResult<V2HumanName[]> {
  const name = buildHumanName(
    {
      family: sub(xpn, 1),
      given: comp(xpn, 2),
      middle: comp(xpn, 3),
      suffixes: [comp(xpn, 4), comp(xpn, 6), comp(xpn, 14)],
      prefix: comp(xpn, 5),
      typeCode: comp(xpn, 7),
      validity: sub(xpn, 10),
      assemblyOrder: comp(xpn, 11),
      effective: comp(xpn, 12),
      expires: comp(xpn, 13),
    },
    options,
  );
  const calledBy = comp(xpn, 15);
  if (!name.ok) return calledBy ? ok([{ use: 'nickname', given: [calledBy] }], [name.issue]) : name;
  return ok(calledBy ? [name.value, { use: 'nickname', given: [calledBy] }] : [name.value], name.issues);
}
