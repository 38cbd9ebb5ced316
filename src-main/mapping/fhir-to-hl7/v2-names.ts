import { codingSystemUri } from '../datatypes/coding-systems';
import { findV2Map } from '../datatypes/v2-code';
import { fail, ok, type MapResult } from '../transforms/result';

/**
 * FHIR → v2 names and codes, the reverse of the v2 → FHIR lookups: a code system URI → its v2 coding
 * system name (table 0396), and a FHIR code → the v2 code of a guide concept map. Both are derived
 * from the forward tables, so what is written here reads back to the same URI and code.
 */

/** The name written for each URI the forward table knows: one preferred name per URI. */
const PREFERRED = ['LN', 'SCT', 'UCUM', 'I9CDX', 'I10', 'I10C', 'CPT', 'CVX', 'MVX', 'NDC', 'RXNORM', 'CDCREC', 'CDCPHINVS', 'ISO3166_1', 'ISO4217'];
const NAME_OF: ReadonlyMap<string, string> = new Map(
  PREFERRED.flatMap((name) => {
    const uri = codingSystemUri(name);
    return uri.ok && uri.value ? [[uri.value, name] as const] : [];
  }),
);
const V2_TABLE = /^http:\/\/(?:terminology\.hl7\.org\/CodeSystem\/v2-|hl7\.org\/fhir\/v2\/)(\d{4})$/;

/** A code system URI → the v2 name that reads back as it: LOINC → LN, v2-0078 → HL70078, urn:oid:x → x, urn:id:x → x, any other URI as given. */
export function codingSystemName(uri: string): string {
  const trimmed = uri.trim();
  const known = NAME_OF.get(trimmed);
  if (known) return known;
  const table = V2_TABLE.exec(trimmed);
  if (table) return `HL7${table[1]}`;
  if (trimmed.startsWith('urn:oid:')) return trimmed.slice(8);
  if (trimmed.startsWith('urn:id:')) {
    try {
      return decodeURIComponent(trimmed.slice(7));
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

/**
 * A FHIR code → the v2 code of concept map `mapName` whose target it is (the first such row: `other`
 * → O, not A or N). Fails with MAP_UNMAPPED_CODE when no row targets it.
 */
export function v2CodeOf(mapName: string, code: string): MapResult<string> {
  const found = findV2Map(mapName);
  if (!found.ok) return found;
  const key = code.trim();
  if (key === '') return fail('MAP_EMPTY_CODE', 'no code to look up');
  const row = found.value.elements.find(([, , targets]) => targets.some(([, target]) => target === key));
  return row ? ok(row[0]) : fail('MAP_UNMAPPED_CODE', `no v2 code of concept map ${found.value.name} maps to that FHIR code`);
}
