/** The resource types the browser offers, most used first. */
export const resourceTypes = [
  'Patient',
  'Observation',
  'DiagnosticReport',
  'ServiceRequest',
  'Encounter',
  'Immunization',
  'Specimen',
  'ImagingStudy',
  'Appointment',
  'DocumentReference',
  'Practitioner',
  'Organization',
  'Condition',
  'MedicationRequest',
  'AllergyIntolerance',
] as const;
export type BrowsedType = (typeof resourceTypes)[number];

export interface QuickField {
  name: string;
  label: string;
  placeholder: string;
}

const field = (name: string, label: string, placeholder: string): QuickField => ({ name, label, placeholder });
const patient = field('patient', 'Patient', 'Patient/123');
const status = field('status', 'Status', 'final');
const date = field('date', 'Date', 'ge2024-01-01');

/** The common search parameters of a type, shown as fields that edit the query. */
export function quickFieldsOf(type: string): QuickField[] {
  switch (type) {
    case 'Patient':
      return [field('identifier', 'Identifier', 'system|value'), field('family', 'Family', 'smith'), field('given', 'Given', 'john'), field('birthdate', 'Birth date', 'ge1980'), field('gender', 'Gender', 'female')];
    case 'Observation':
      return [patient, field('code', 'Code', 'http://loinc.org|718-7'), date, status];
    case 'Practitioner':
    case 'Organization':
      return [field('identifier', 'Identifier', 'system|value'), field('name', 'Name', 'smith')];
    default:
      return [patient, status, date];
  }
}

export const isBrowsedType = (value: string | null): value is BrowsedType => resourceTypes.includes(value as BrowsedType);

interface Part {
  name: string;
  raw: string;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function partsOf(query: string): Part[] {
  return query
    .replace(/^\?/, '')
    .split('&')
    .filter((raw) => raw.trim() !== '')
    .map((raw) => ({ name: decode(raw.split('=', 1)[0] ?? '').trim(), raw }));
}

/** Only what would change the value's meaning once the engine reads the query string is escaped, so the field stays readable. */
const encodeValue = (value: string): string => value.replace(/%/g, '%25').replace(/&/g, '%26').replace(/\+/g, '%2B').replace(/#/g, '%23');

/** The first value of a parameter (modifiers count as other parameters), as a person would type it. */
export function paramValue(query: string, name: string): string {
  const part = partsOf(query).find((p) => p.name === name);
  if (!part) return '';
  const index = part.raw.indexOf('=');
  return index < 0 ? '' : decode(part.raw.slice(index + 1));
}

/**
 * The query with one parameter set in place of its first occurrence (others of that name dropped), or
 * removed when blank. The value is kept as typed, trailing space included, as the field edits it live.
 */
export function withParam(query: string, name: string, value: string): string {
  const parts = partsOf(query);
  const replacement = value.trim() === '' ? null : `${name}=${encodeValue(value)}`;
  const out: string[] = [];
  let placed = false;
  for (const part of parts) {
    if (part.name !== name) out.push(part.raw);
    else if (!placed && replacement) {
      out.push(replacement);
      placed = true;
    }
  }
  if (!placed && replacement) out.push(replacement);
  return out.join('&');
}

/** The query as sent for one page: paging is the browser's, so any `_offset` typed by hand is replaced. */
export function pageQuery(query: string, offset: number): string {
  const rest = partsOf(query)
    .filter((p) => p.name !== '_offset')
    .map((p) => p.raw);
  if (offset > 0) rest.push(`_offset=${offset}`);
  return rest.join('&');
}

/** The `_offset` of a Bundle paging link, or null when there is none to follow. */
export function offsetOfLink(url: string | undefined): number | null {
  if (!url) return null;
  const match = /[?&]_offset=(\d+)/.exec(url);
  return match ? Number(match[1]) : 0;
}
