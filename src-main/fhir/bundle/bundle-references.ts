/**
 * Transaction bundles name new resources by temporary `urn:uuid:` fullUrls; once the server assigns
 * ids, every reference to such a fullUrl is rewritten to `Type/id`. Pure: walks JSON values.
 */
export function rewriteReferences<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      out[key] = key === 'reference' && typeof child === 'string' ? (replacements.get(child) ?? child) : walk(child);
    }
    return out;
  };
  return walk(value) as T;
}

const METHOD_ORDER: Record<string, number> = { DELETE: 0, POST: 1, PUT: 2, PATCH: 2, GET: 3, HEAD: 3 };

/** Processing order of a transaction's entries (FHIR R4 3.1.0.11.2): deletes, creates, updates, reads. */
export function transactionOrder(methods: readonly string[]): number[] {
  return methods.map((_, i) => i).sort((a, b) => (METHOD_ORDER[methods[a] as string] ?? 9) - (METHOD_ORDER[methods[b] as string] ?? 9) || a - b);
}
