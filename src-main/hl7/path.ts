import { Hl7PathError } from './errors';

/**
 * Path syntax: `SEG[occurrence]-field[repetition].component.subcomponent`, every number 1-based.
 *   PID-5            first PID, field 5
 *   PID-5[2].1.2     second repetition of PID-5, component 1, subcomponent 2
 *   OBX[3]-5         field 5 of the third OBX segment
 * Within a segment the same path without the segment part: `5[2].1.2`.
 * Omitted parts mean "the first" when reading a value and "the whole" when reading raw text.
 */
export interface Hl7Path {
  readonly text: string;
  /** '' for a path relative to a segment. */
  readonly segment: string;
  readonly occurrence: number;
  readonly field: number;
  readonly repetition: number | undefined;
  readonly component: number | undefined;
  readonly subcomponent: number | undefined;
}

const MESSAGE_PATH = /^([A-Z][A-Z0-9]{2})(?:\[(\d{1,6})\])?-(\d{1,4})(?:\[(\d{1,6})\])?(?:\.(\d{1,4})(?:\.(\d{1,4}))?)?$/;
const FIELD_PATH = /^(\d{1,4})(?:\[(\d{1,6})\])?(?:\.(\d{1,4})(?:\.(\d{1,4}))?)?$/;

// Paths are a small vocabulary (mapping profiles, the viewer); caching keeps the regex off the hot path.
const cache = new Map<string, Hl7Path>();
const CACHE_LIMIT = 2048;

function positive(value: string | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (n < 1) throw new Hl7PathError('HL7_BAD_PATH', `${path}: positions start at 1`, path);
  return n;
}

function remember(path: Hl7Path): Hl7Path {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path.text, path);
  return path;
}

export function parsePath(text: string): Hl7Path {
  const hit = cache.get(text);
  if (hit !== undefined && hit.segment !== '') return hit;
  const m = MESSAGE_PATH.exec(text);
  if (m === null) {
    throw new Hl7PathError('HL7_BAD_PATH', `${JSON.stringify(text)} is not a path like PID-5[2].1.2 or OBX[3]-5`, text);
  }
  return remember({
    text,
    segment: m[1]!,
    occurrence: positive(m[2], text) ?? 1,
    field: positive(m[3], text)!,
    repetition: positive(m[4], text),
    component: positive(m[5], text),
    subcomponent: positive(m[6], text),
  });
}

export function parseFieldPath(input: string | number): Hl7Path {
  const text = String(input);
  const hit = cache.get(text);
  if (hit !== undefined && hit.segment === '') return hit;
  const m = FIELD_PATH.exec(text);
  if (m === null) throw new Hl7PathError('HL7_BAD_PATH', `${JSON.stringify(text)} is not a field path like 5[2].1.2`, text);
  return remember({
    text,
    segment: '',
    occurrence: 1,
    field: positive(m[1], text)!,
    repetition: positive(m[2], text),
    component: positive(m[3], text),
    subcomponent: positive(m[4], text),
  });
}
