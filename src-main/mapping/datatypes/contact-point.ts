import type { ContactPoint, Extension } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, issue, ok } from '../transforms/result';
import type { DateTimeOptions } from './date-time';
import { periodOf } from './date-time';
import { nmToDecimal } from './number';
import { v2Code } from './v2-code';
import type { V2Value } from './v2-value';
import { comp } from './v2-value';

/**
 * XTN → ContactPoint (the guide's XTN sheet). The value: XTN.4 for Internet / X.400 addresses; else
 * XTN.12 (unformatted), else one built from XTN.5–8 as the guide writes it (`+1 555 1234567 X12`),
 * else XTN.1. XTN.2 → use (TelecommunicationUseCode), XTN.3 → system (TelecommunicationEquipmentType;
 * CP is a phone whose use is mobile). Without XTN.3 the guide marks system data-absent; FHIR requires a
 * system beside a value (cpt-2), and XTN.1 is by definition a telephone number, so the system is phone
 * (email when only XTN.4 is sent or the value holds an `@`).
 */

const EXT = 'http://hl7.org/fhir/StructureDefinition/';
const EMAIL_TYPES = new Set(['INTERNET', 'X.400']);

function composed(xtn: V2Value): string {
  const [country, area, local, extension] = [comp(xtn, 5), comp(xtn, 6), comp(xtn, 7), comp(xtn, 8)];
  if (local === '') return '';
  return `${country ? `+${country} ` : ''}${area ? `${area} ` : ''}${local}${extension ? ` X${extension}` : ''}`;
}

function systemAndUse(equipment: string, email: boolean, issues: IssueList): Pick<ContactPoint, 'system' | 'use'> {
  if (equipment === '') return { system: email ? 'email' : 'phone' };
  const mapped = v2Code('TelecommunicationEquipmentType', equipment);
  if (!mapped.ok) {
    issues.add(issue('MAP_UNMAPPED_CODE', 'the equipment type is not in concept map TelecommunicationEquipmentType; system other'));
    return { system: 'other' };
  }
  if (mapped.value.system === 'http://hl7.org/fhir/contact-point-use') return { system: 'phone', use: mapped.value.code as ContactPoint['use'] };
  return { system: mapped.value.code as ContactPoint['system'] };
}

export function xtnToContactPoint(xtn: V2Value, options: DateTimeOptions = {}): MapResult<ContactPoint> {
  const issues = new IssueList();
  const equipment = comp(xtn, 3);
  const emailType = EMAIL_TYPES.has(equipment.toUpperCase()) || (equipment === '' && comp(xtn, 4) !== '' && comp(xtn, 1) === '');
  const value = emailType ? comp(xtn, 4) || comp(xtn, 1) : comp(xtn, 12) || composed(xtn) || comp(xtn, 1);
  if (value === '') return fail('MAP_EMPTY_TELECOM', 'no number or address (expected XTN.1, XTN.4, XTN.7 or XTN.12)');
  const { system, use: equipmentUse } = systemAndUse(equipment, emailType || value.includes('@'), issues);
  let use = equipmentUse;
  const useCode = comp(xtn, 2);
  if (useCode !== '') {
    const mapped = v2Code('TelecommunicationUseCode', useCode);
    if (mapped.ok) use = mapped.value.code as ContactPoint['use'];
    else issues.add(issue('MAP_UNMAPPED_CODE', 'the telecommunication use code has no ContactPoint.use in concept map TelecommunicationUseCode'));
  }
  const extension: Extension[] = emailType
    ? []
    : ([[5, 'contactpoint-country'], [6, 'contactpoint-area'], [7, 'contactpoint-local'], [8, 'contactpoint-extension']] as const).flatMap(([n, name]) =>
        comp(xtn, n) ? [{ url: `${EXT}${name}`, valueString: comp(xtn, n) }] : [],
      );
  const period = periodOf(comp(xtn, 13), comp(xtn, 14), issues, options);
  const rankText = comp(xtn, 18);
  const rank = rankText ? issues.take(nmToDecimal(rankText)) : undefined;
  if (rank !== undefined && (!Number.isInteger(rank) || rank < 1)) issues.add(issue('MAP_BAD_NUMBER', 'the preference order is not a positive integer; rank left out'));
  return ok(
    {
      ...(extension.length > 0 ? { extension } : {}),
      system,
      value,
      ...(use ? { use } : {}),
      ...(rank !== undefined && Number.isInteger(rank) && rank >= 1 ? { rank } : {}),
      ...(period ? { period } : {}),
    },
    issues.items,
  );
}
