import type { MapResult } from '../transforms/result';
import { fail, issue, ok } from '../transforms/result';

/**
 * v2 coding system names (table 0396, CWE.3/6/12) → FHIR code system URIs. The guide leaves this to
 * "the vocabulary table" (its CSVs carry no map for 0396), so the names here are those of HL7's
 * terminology (terminology.hl7.org code systems and their v2 mnemonics) that lab, ADT and immunization
 * feeds send. `HL7nnnn` / `HL7-nnnn` / `HL7nnn` name a v2 table; an OID or a URI is used as given; any
 * other name is a local code system, kept as `urn:id:<name>` with a `MAP_LOCAL_CODING_SYSTEM` warning
 * so nothing is dropped and the coverage report can list the names a profile should map.
 */
const KNOWN: Readonly<Record<string, string>> = {
  LN: 'http://loinc.org',
  LOINC: 'http://loinc.org',
  SCT: 'http://snomed.info/sct',
  SNM: 'http://snomed.info/sct',
  SNM3: 'http://snomed.info/sct',
  SNOMED: 'http://snomed.info/sct',
  SNOMEDCT: 'http://snomed.info/sct',
  'SNOMED-CT': 'http://snomed.info/sct',
  UCUM: 'http://unitsofmeasure.org',
  I9: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9C: 'http://hl7.org/fhir/sid/icd-9-cm',
  I9CDX: 'http://hl7.org/fhir/sid/icd-9-cm',
  I10: 'http://hl7.org/fhir/sid/icd-10',
  I10C: 'http://hl7.org/fhir/sid/icd-10-cm',
  ICD10CM: 'http://hl7.org/fhir/sid/icd-10-cm',
  CPT: 'http://www.ama-assn.org/go/cpt',
  C4: 'http://www.ama-assn.org/go/cpt',
  CVX: 'http://hl7.org/fhir/sid/cvx',
  MVX: 'http://hl7.org/fhir/sid/mvx',
  NDC: 'http://hl7.org/fhir/sid/ndc',
  RXNORM: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  RXN: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  CDCREC: 'urn:oid:2.16.840.1.113883.6.238',
  CDCPHINVS: 'urn:oid:2.16.840.1.114222.4.5.274',
  ISO3166_1: 'urn:iso:std:iso:3166',
  ISO4217: 'urn:iso:std:iso:4217',
};

const V2_TABLE = /^HL7-?(\d{3,4})$/i;
const OID = /^[0-2](\.(0|[1-9]\d*))+$/;
const URI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** A v2 table number (`0001`, `HL70001`, `v2-0001`) → its HL7 terminology code system. */
export const v2TableUri = (digits: string): string => `http://terminology.hl7.org/CodeSystem/v2-${digits.padStart(4, '0')}`;

/** A coding system name → its URI (see the file comment); '' gives undefined, no issue. */
export function codingSystemUri(name: string): MapResult<string | undefined> {
  const trimmed = name.trim();
  if (trimmed === '') return ok(undefined);
  const known = KNOWN[trimmed.toUpperCase()];
  if (known !== undefined) return ok(known);
  const table = V2_TABLE.exec(trimmed);
  if (table !== null) return ok(v2TableUri(table[1]!));
  if (OID.test(trimmed)) return ok(`urn:oid:${trimmed}`);
  if (URI.test(trimmed)) return ok(trimmed);
  if (/\s/.test(trimmed) || trimmed.length > 64) return fail('MAP_BAD_CODING_SYSTEM', 'not a coding system name (expected a short name from HL7 table 0396, an OID or a URI)');
  return ok(`urn:id:${encodeURIComponent(trimmed)}`, [issue('MAP_LOCAL_CODING_SYSTEM', 'a local coding system name was kept as urn:id:<name>; map it in the profile to give its URI')]);
}
