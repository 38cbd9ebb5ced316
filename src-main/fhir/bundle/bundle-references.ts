import { carryDecimalText } from '../fhir-json-text';

/**
 * Transaction bundles name new resources by temporary `urn:uuid:` fullUrls; once the server assigns
 * ids, every reference to such a fullUrl is rewritten to `Type/id`. Walks JSON values into a copy that
 * keeps their decimals' written texts (fhir-json-text.ts).
 */
export function rewriteReferences<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  const walk = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> | unknown[] = Array.isArray(node) ? [] : {};
    for (const [key, child] of Object.entries(node)) {
      const copy = key === 'reference' && typeof child === 'string' ? (replacements.get(child) ?? child) : walk(child);
      // An own property even for a key named __proto__, as JSON.parse makes it.
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
      carryDecimalText(node, Array.isArray(node) ? Number(key) : key, out, Array.isArray(node) ? Number(key) : key);
    }
    return out;
  };
  return walk(value) as T;
}

/** A conditional reference (`Type?query`, FHIR R4 3.1.0.11.2): a search a transaction resolves to its one match. */
const CONDITIONAL_REFERENCE = /^[A-Z][A-Za-z]*\?./;

/** The distinct conditional references anywhere in a resource, in the order they appear. */
export function conditionalReferences(value: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'reference' && typeof child === 'string') {
        if (CONDITIONAL_REFERENCE.test(child)) found.add(child);
      } else walk(child);
    }
  };
  walk(value);
  return [...found];
}

const METHOD_ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

/** Processing order of a transaction's entries (FHIR R4 3.1.0.11.2): deletes, creates, updates, reads. */
export function transactionOrder(methods: readonly string[]): number[] {
  return methods.map((_, i) => i).sort((a, b) => (METHOD_ORDER[methods[a] as string] ?? 9) - (METHOD_ORDER[methods[b] as string] ?? 9) || a - b);
}
