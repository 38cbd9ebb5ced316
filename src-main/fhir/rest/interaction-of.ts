import { fhirFailure } from '../outcome';

/** What a FHIR REST request asks for, read from its method and path alone. */
export type Interaction =
  | { kind: 'capabilities' }
  | { kind: 'bundle' }
  | { kind: 'history'; type?: string; id?: string }
  /** With `compartment`: `Patient/123/Observation`, the search within that Patient's compartment. */
  | { kind: 'search'; type: string; viaPost: boolean; compartment?: { type: string; id: string } }
  | { kind: 'read'; type: string; id: string }
  | { kind: 'vread'; type: string; id: string; version: string }
  | { kind: 'create'; type: string }
  | { kind: 'update'; type: string; id: string }
  | { kind: 'patch'; type: string; id: string }
  | { kind: 'delete'; type: string; id: string }
  | { kind: 'conditional-update'; type: string }
  | { kind: 'conditional-patch'; type: string }
  | { kind: 'conditional-delete'; type: string }
  | { kind: 'operation'; type: string; id?: string; name: string };

const notAnInteraction = (method: string, path: string) => fhirFailure('not_found', 'not-supported', `No FHIR interaction ${method} /${path}`);

/** `$name` of an operation segment, or undefined when the segment is not one. */
const operationName = (segment: string | undefined): string | undefined => (segment?.startsWith('$') && segment.length > 1 ? segment : undefined);

/**
 * The interaction of `method path` (path below the FHIR base, segments already decoded), following the
 * FHIR R4 RESTful API's URL patterns; anything else is a 404 naming what was asked.
 */
export function interactionOf(method: string, segments: readonly string[]): Interaction {
  const path = segments.join('/');
  const [type, second, third, fourth, ...rest] = segments;
  const refuse = () => notAnInteraction(method, path);
  if (rest.length > 0) throw refuse();
  if (type === undefined || type === '') {
    if (method === 'POST') return { kind: 'bundle' };
    throw refuse();
  }
  if (type === 'metadata' && second === undefined && method === 'GET') return { kind: 'capabilities' };
  if (type === '_history' && second === undefined && method === 'GET') return { kind: 'history' };
  if (type === 'metadata' || /^[_$]/.test(type)) throw refuse();
  if (second === undefined) {
    const byMethod: Record<string, Interaction> = { GET: { kind: 'search', type, viaPost: false }, POST: { kind: 'create', type }, PUT: { kind: 'conditional-update', type }, PATCH: { kind: 'conditional-patch', type }, DELETE: { kind: 'conditional-delete', type } };
    const found = byMethod[method];
    if (found) return found;
    throw refuse();
  }
  const typeOperation = operationName(second);
  if (typeOperation !== undefined && third === undefined && (method === 'GET' || method === 'POST')) return { kind: 'operation', type, name: typeOperation };
  if (second === '_search' && third === undefined && method === 'POST') return { kind: 'search', type, viaPost: true };
  if (second === '_history' && third === undefined && method === 'GET') return { kind: 'history', type };
  if (typeOperation !== undefined || second.startsWith('_')) throw refuse();
  const id = second;
  if (third === undefined) {
    const byMethod: Record<string, Interaction> = { GET: { kind: 'read', type, id }, PUT: { kind: 'update', type, id }, PATCH: { kind: 'patch', type, id }, DELETE: { kind: 'delete', type, id } };
    const found = byMethod[method];
    if (found) return found;
    throw refuse();
  }
  const instanceOperation = operationName(third);
  if (instanceOperation !== undefined && fourth === undefined && (method === 'GET' || method === 'POST')) return { kind: 'operation', type, id, name: instanceOperation };
  if (third === '_history' && method === 'GET') return fourth === undefined ? { kind: 'history', type, id } : { kind: 'vread', type, id, version: fourth };
  if (third === '*' && (method === 'GET' || method === 'POST')) throw fhirFailure('validation', 'not-supported', `Searching every type of a compartment at once (${path}) is not supported: name the type, e.g. ${type}/${id}/Observation`);
  if (/^[A-Z][A-Za-z]*$/.test(third)) {
    const compartment = { type, id };
    if (fourth === undefined && method === 'GET') return { kind: 'search', type: third, viaPost: false, compartment };
    if (fourth === '_search' && method === 'POST') return { kind: 'search', type: third, viaPost: true, compartment };
  }
  throw refuse();
}
