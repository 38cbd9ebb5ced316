export interface ResourceAddress {
  type: string;
  id: string;
}

/** `Type/id`, optionally `/_history/n` after it, optionally behind an absolute base ending in the type. */
const REFERENCE = /^(?:.*\/)?([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * The resource a `reference` value points at, when the browser can open it. Contained (`#x`) and
 * bundle-local (`urn:uuid:`) references point nowhere in the store, so they stay text.
 */
export function referenceTarget(value: string): ResourceAddress | null {
  if (value.startsWith('#') || value.startsWith('urn:')) return null;
  const match = REFERENCE.exec(value);
  return match?.[1] && match[2] ? { type: match[1], id: match[2] } : null;
}

/** Whether a JSON member is a Reference's `reference` that the browser can open. */
export function linkedReference(key: string | number | null, value: unknown): ResourceAddress | null {
  return key === 'reference' && typeof value === 'string' ? referenceTarget(value) : null;
}

export const resourcePath = ({ type, id }: ResourceAddress): string => `/fhir/${type}/${id}`;
