import type { MapResult } from './result';
import { fail, ok } from './result';
import { v2Code } from '../datatypes/v2-code';

/**
 * normalize_gender: v2 administrative sex (table 0001 through the guide's AdministrativeSex map: A and
 * N → other) and common words → FHIR administrative-gender.
 */
const WORDS: Readonly<Record<string, string>> = {
  MALE: 'male',
  MAN: 'male',
  FEMALE: 'female',
  WOMAN: 'female',
  OTHER: 'other',
  UNKNOWN: 'unknown',
  UNK: 'unknown',
};

export function normalizeGender(text: string): MapResult<string> {
  const key = text.trim().toUpperCase();
  const word = WORDS[key];
  if (word) return ok(word);
  const mapped = key.length <= 2 && key !== '' ? v2Code('AdministrativeSex', key) : undefined;
  if (mapped?.ok && mapped.value.code) return ok(mapped.value.code);
  return fail('MAP_BAD_GENDER', 'not an administrative sex (expected M, F, O, U, A, N or male, female, other, unknown)');
}
