import type { AppError } from '../../core/errors';
import { fhirOutcomeFailure, outcome } from '../outcome';

/**
 * Whether a FHIR client can be answered at all: this server writes FHIR JSON only, so a client that
 * accepts only another FHIR format — XML or Turtle, by `Accept` or by `_format` — is answered 406 Not
 * Acceptable (R4 http.html#mime) rather than JSON it did not ask for. Anything that admits JSON (a
 * wildcard, `application/json`, `application/fhir+json`, DSTU2's `application/json+fhir`) or names no
 * FHIR format (NDJSON for bulk files, a browser's `text/html, …`) is answered as before.
 */

const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);
/** FHIR's other formats (R4 http.html#mime and its DSTU2 names), which this server cannot write. */
const OTHER_FORMATS = /^(?:xml|ttl|turtle|text\/xml|text\/turtle|application\/xml|application\/fhir\+xml|application\/xml\+fhir|application\/fhir\+turtle|application\/x-turtle)$/;

/** A media type as written in `_format` or an Accept range, without parameters; a `+` a query string turned into a space is put back. */
const mediaTypeOf = (text: string): string => (text.split(';')[0] ?? '').trim().toLowerCase().replace(/ /g, '+');

/** The media ranges an Accept header admits: its types, those with `q=0` (not acceptable) left out. */
function acceptedTypes(accept: string): string[] {
  return accept
    .split(',')
    .filter((range) => !/;\s*q\s*=\s*0(?:\.0{0,3})?\s*(?:;|$)/i.test(range))
    .map(mediaTypeOf)
    .filter((type) => type !== '');
}

const notAcceptable = (asked: string): AppError =>
  fhirOutcomeFailure('unsupported', outcome('error', 'not-supported', `This server answers FHIR JSON only (application/fhir+json); the request accepts only ${asked}`), 406);

/** Throws the 406 OperationOutcome failure when neither `_format` nor `Accept` leaves room for JSON. */
export function assertJsonAcceptable(accept: string | undefined, formats: readonly string[]): void {
  const format = formats.map(mediaTypeOf).find((type) => !JSON_FORMATS.has(type));
  if (format !== undefined) throw notAcceptable(`_format=${format}`);
  const types = accept === undefined ? [] : acceptedTypes(accept);
  if (types.length > 0 && types.every((type) => OTHER_FORMATS.test(type))) throw notAcceptable(types.join(', '));
}
