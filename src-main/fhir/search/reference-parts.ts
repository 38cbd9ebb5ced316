/** A reference as the index stores it: a local `Type/id`, or anything else as its URL. */
export interface ReferenceParts {
  targetType: string | null;
  targetId: string | null;
  url: string | null;
}

const LOCAL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Splits `Patient/123` (optionally versioned) into type and id; contained (`#…`) references give undefined. */
export function referenceParts(reference: string): ReferenceParts | undefined {
  if (reference === '' || reference.startsWith('#')) return undefined;
  const m = LOCAL.exec(reference);
  if (m) return { targetType: m[1] ?? null, targetId: m[2] ?? null, url: null };
  return { targetType: null, targetId: null, url: reference };
}
