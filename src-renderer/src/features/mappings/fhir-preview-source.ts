/** What the FHIR → v2 preview converts: pasted resource JSON, or a resource of the FHIR store by id. */
export type FhirPreviewSource = { kind: 'json'; text: string } | { kind: 'stored'; id: string };

export const EMPTY_FHIR_SOURCE: FhirPreviewSource = { kind: 'json', text: '' };

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** Whether a typed id can name a stored resource (`Patient/abc` and `abc` both give `abc`); undefined while it cannot. */
export function storedIdOf(text: string, resourceType: string): string | undefined {
  const id = text.trim().replace(new RegExp(`^${resourceType}/`), '');
  return FHIR_ID.test(id) ? id : undefined;
}

/** Pasted text as a resource of the profile's type, or why it is not one; blank text is neither. */
export function resourceFromText(text: string, resourceType: string): { ok: true; resource: Record<string, unknown> } | { ok: false; message: string } | undefined {
  if (text.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'Not a FHIR resource: paste one JSON object' };
  const type = (value as { resourceType?: unknown }).resourceType;
  if (type !== resourceType) return { ok: false, message: `This profile converts a ${resourceType}; the JSON is ${typeof type === 'string' ? `a ${type}` : 'no resource (it has no resourceType)'}` };
  return { ok: true, resource: value as Record<string, unknown> };
}
