import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, IssueList, ok } from '../transforms/result';
import { codingSystemUri, v2TableUri } from './coding-systems';
import type { V2Value } from './v2-value';
import { comp } from './v2-value';

/**
 * CWE / CNE / CE → CodeableConcept (the guide's CWE, CNE and CE sheets): one coding per triplet —
 * identifier, text, coding system (CWE.1–3, version CWE.7), alternate (CWE.4–6, version CWE.8), second
 * alternate (CWE.10–13) — and CWE.9 original text → text. A triplet with text but no code gives no
 * coding; when no coding is left its text becomes the concept's text, so "^Married" is not dropped.
 */

export interface CodeOptions {
  /** The v2 table (`0078`) a field is bound to: the system of a coding sent without one. */
  readonly table?: string;
}

const TRIPLETS = [
  { code: 1, display: 2, system: 3, version: 7 },
  { code: 4, display: 5, system: 6, version: 8 },
  { code: 10, display: 11, system: 12, version: 13 },
] as const;

function coding(value: V2Value, t: (typeof TRIPLETS)[number], options: CodeOptions, issues: IssueList): Coding | undefined {
  const code = comp(value, t.code);
  if (code === '') return undefined;
  const systemName = comp(value, t.system);
  const system = systemName === '' ? (options.table ? v2TableUri(options.table.replace(/^(HL7|v2-)/i, '')) : undefined) : issues.take(codingSystemUri(systemName));
  const display = comp(value, t.display);
  const version = comp(value, t.version);
  return { ...(system ? { system } : {}), ...(version ? { version } : {}), code, ...(display ? { display } : {}) };
}

export function cweToCodeableConcept(value: V2Value, options: CodeOptions = {}): MapResult<CodeableConcept> {
  const issues = new IssueList();
  const codings = TRIPLETS.map((t) => coding(value, t, options, issues)).filter((c): c is Coding => c !== undefined);
  const text = comp(value, 9) || (codings.length === 0 ? comp(value, 2) || comp(value, 5) : '');
  if (codings.length === 0 && text === '') return fail('MAP_EMPTY_CODE', 'no code and no text (expected CWE.1 identifier or CWE.2/CWE.9 text)');
  return ok({ ...(codings.length > 0 ? { coding: codings } : {}), ...(text ? { text } : {}) }, issues.items);
}

/** CE: components 1–6 only (a v2.3–2.5 CE has no more); otherwise as CWE. */
export const ceToCodeableConcept = (value: V2Value, options: CodeOptions = {}): MapResult<CodeableConcept> => cweToCodeableConcept(value.slice(0, 6), options);

/** The first coding of a CWE (for a Coding-typed element). */
export function cweToCoding(value: V2Value, options: CodeOptions = {}): MapResult<Coding> {
  const concept = cweToCodeableConcept(value, options);
  if (!concept.ok) return concept;
  const first = concept.value.coding?.[0];
  return first ? ok(first, concept.issues) : fail('MAP_EMPTY_CODE', 'no code (expected CWE.1 identifier)');
}
