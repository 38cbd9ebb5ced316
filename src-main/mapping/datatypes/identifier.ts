import type { Extension, Identifier } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, ok } from '../transforms/result';
import { v2TableUri } from './coding-systems';
import { dtToDate } from './date-time';
import { v2Code } from './v2-code';
import type { V2Value } from './v2-value';
import { comp, range, sub } from './v2-value';

/**
 * HD, CX, EI, EIP → Identifier (the guide's HD[uri], CX, EI and EIP sheets).
 *
 * HD → system: the guide takes HD.1 first and HD.2 only when HD.1 is empty; we take the universal id
 * (HD.2, `urn:oid:` for ISO or an OID-shaped id, `urn:uuid:` for UUID, as given for a URI) first,
 * because HD.1 is a local namespace name ("MR", "test1") that is no URI and differs between feeds for
 * the same authority. HD.1 alone counts when it is itself an OID or a URI. A local namespace gives no
 * system: the identifier keeps it as `assigner.display` with a `MAP_LOCAL_NAMESPACE` warning.
 */

const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;
const CHECK_DIGIT = 'http://hl7.org/fhir/StructureDefinition/identifier-checkDigit';
const CHECK_DIGIT_SCHEME = 'http://hl7.org/fhir/StructureDefinition/namingsystem-checkDigit';
const IDENTIFIER_TYPE = v2TableUri('0203');

function universalId(id: string, type: string): string | undefined {
  const kind = type.toUpperCase();
  if (kind === 'UUID' || (kind === '' && UUID.test(id))) return UUID.test(id) ? `urn:uuid:${id.toLowerCase()}` : undefined;
  if (OID.test(id)) return `urn:oid:${id}`;
  if (URI.test(id) && kind !== 'ISO') return id;
  return undefined;
}

/** HD → a system URI; fails with MAP_LOCAL_NAMESPACE when only a local namespace name is given. */
export function hdToSystem(hd: V2Value): MapResult<string> {
  const namespace = comp(hd, 1);
  const universal = comp(hd, 2);
  const system = (universal && universalId(universal, comp(hd, 3))) || (namespace && universalId(namespace, ''));
  if (system) return ok(system);
  if (namespace === '' && universal === '') return fail('MAP_EMPTY_VALUE', 'no assigning authority (expected HD.1 namespace or HD.2 universal id)');
  return fail('MAP_LOCAL_NAMESPACE', 'the assigning authority has no universal id (HD.2 with HD.3 ISO, UUID or URI); a local name is no system');
}

function authority(hd: V2Value, issues: IssueList): Pick<Identifier, 'system' | 'assigner'> {
  const system = hdToSystem(hd);
  if (system.ok) return { system: system.value };
  if (system.issue.code === 'MAP_EMPTY_VALUE') return {};
  issues.add(issue('MAP_LOCAL_NAMESPACE', 'no system: the assigning authority is only a local name, kept as assigner.display'));
  return { assigner: { display: comp(hd, 1) || comp(hd, 2) } };
}

function typeOf(code: string, issues: IssueList): Identifier['type'] {
  if (code === '') return undefined;
  const known = v2Code('IdentifierType', code);
  if (!known.ok) issues.add(issue('MAP_UNMAPPED_CODE', 'the identifier type code is not in table 0203; kept with the table 0203 system'));
  return { coding: [{ system: IDENTIFIER_TYPE, code, ...(known.ok && known.value.display ? { display: known.value.display } : {}) }] };
}

function checkDigits(digit: string, scheme: string): Extension[] {
  return [
    ...(digit ? [{ url: CHECK_DIGIT, valueString: digit }] : []),
    ...(scheme ? [{ url: CHECK_DIGIT_SCHEME, valueString: scheme }] : []),
  ];
}

/** The parts CX and XCN share: value, check digit, authority, type, effective and expiry dates. */
export interface IdentifierParts {
  readonly value: string;
  readonly checkDigit: string;
  readonly checkDigitScheme: string;
  readonly authority: V2Value;
  readonly typeCode: string;
  readonly effective?: string;
  readonly expires?: string;
}

export function buildIdentifier(parts: IdentifierParts): MapResult<Identifier> {
  if (parts.value === '') return fail('MAP_EMPTY_VALUE', 'no identifier value (expected the ID number component)');
  const issues = new IssueList();
  const extension = checkDigits(parts.checkDigit, parts.checkDigitScheme);
  const type = typeOf(parts.typeCode, issues);
  const start = parts.effective ? issues.take(dtToDate(parts.effective)) : undefined;
  const end = parts.expires ? issues.take(dtToDate(parts.expires)) : undefined;
  const identifier: Identifier = {
    ...(extension.length > 0 ? { extension } : {}),
    ...(type ? { type } : {}),
    ...authority(parts.authority, issues),
    value: parts.value,
    ...(start || end ? { period: { ...(start ? { start } : {}), ...(end ? { end } : {}) } } : {}),
  };
  return ok(identifier, issues.items);
}

/** CX → Identifier: CX.1 value, CX.2/3 check digit, CX.4 system, CX.5 type (v2-0203), CX.7/8 period. */
export const cxToIdentifier = (cx: V2Value): MapResult<Identifier> =>
  buildIdentifier({ value: comp(cx, 1), checkDigit: comp(cx, 2), checkDigitScheme: comp(cx, 3), authority: sub(cx, 4), typeCode: comp(cx, 5), effective: comp(cx, 7), expires: comp(cx, 8) });

/** EI → Identifier: EI.1 value, EI.2–4 (an HD) → system; `typeCode` (v2-0203) when the field implies one, e.g. PLAC. */
export function eiToIdentifier(ei: V2Value, typeCode = ''): MapResult<Identifier> {
  const identifier = buildIdentifier({ value: comp(ei, 1), checkDigit: '', checkDigitScheme: '', authority: range(ei, 2, 4), typeCode: '' });
  if (!identifier.ok || typeCode === '') return identifier;
  return ok({ type: { coding: [{ system: IDENTIFIER_TYPE, code: typeCode }] }, ...identifier.value }, identifier.issues);
}

/** EIP → identifiers: EIP.1 placer (type PGN), EIP.2 filler (type FGN), each an EI in subcomponents. */
export function eipToIdentifiers(eip: V2Value): MapResult<Identifier[]> {
  const issues = new IssueList();
  const placer = comp(eip, 1) ? issues.take(eiToIdentifier(sub(eip, 1), 'PGN')) : undefined;
  const filler = comp(eip, 2) ? issues.take(eiToIdentifier(sub(eip, 2), 'FGN')) : undefined;
  const identifiers = [placer, filler].filter((i): i is Identifier => i !== undefined);
  return identifiers.length > 0 ? ok(identifiers, issues.items) : fail('MAP_EMPTY_VALUE', 'no placer or filler identifier (expected EIP.1 or EIP.2)');
}
