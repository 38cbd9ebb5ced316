import { carryDecimalText } from '../fhir-json-text';
import { ensureFhirDefinitions } from '../definitions/r4-definitions';
import { planOf } from '../validation/binding-plan';

/** The primitive types whose values a transaction rewrites like references (R4 http.html#trules). */
const URI_TYPES = new Set(['uri', 'url', 'oid', 'uuid']);
const fieldTypes = new Map<string, ReadonlyMap<string, string> | undefined>();

/** The JSON keys of a type and the type of each, from the R4 base definitions; undefined for a type they do not know. */
function fieldTypesOf(type: string): ReadonlyMap<string, string> | undefined {
  if (fieldTypes.has(type)) return fieldTypes.get(type);
  ensureFhirDefinitions();
  let found: Map<string, string> | undefined;
  try {
    found = new Map(planOf(type).map((field) => [field.key, field.type]));
  } catch {
    found = undefined;
  }
  fieldTypes.set(type, found);
  return found;
}

/** `href="…"` and `src="…"` attributes of a narrative's XHTML. */
const LINK_ATTRIBUTE = /\b(href|src)="([^"]*)"/g;

/**
 * Transaction bundles name new resources by temporary `urn:uuid:` fullUrls; once the server assigns
 * ids, every link to such a fullUrl is rewritten to `Type/id`: references, elements of type uri, url,
 * oid and uuid (an Attachment.url naming a Binary entry), and `href`/`src` in the narrative, as R4's
 * transaction rules say. Element types come from the base definitions; where they are unknown only
 * `reference` is rewritten. Walks JSON values into a copy that keeps their decimals' written texts (fhir-json-text.ts).
 */
export function rewriteReferences<T>(value: T, replacements: ReadonlyMap<string, string>): T {
  if (replacements.size === 0) return value;
  const walk = (node: unknown, type: string | undefined): unknown => {
    if (typeof node === 'string') return type !== undefined && URI_TYPES.has(type) ? (replacements.get(node) ?? node) : node;
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return copyOf(node, () => type);
    const record = node as Record<string, unknown>;
    const own = type === 'Resource' && typeof record.resourceType === 'string' ? record.resourceType : type;
    const fields = own === undefined ? undefined : fieldTypesOf(own);
    return copyOf(record, (key, child) => {
      if (key === 'reference' && typeof child === 'string') return 'uri';
      if (own === 'Narrative' && key === 'div' && typeof child === 'string') return 'xhtml';
      return fields?.get(key);
    });
  };
  const copyOf = (node: object, typeOf: (key: string, child: unknown) => string | undefined): unknown => {
    const out: Record<string, unknown> | unknown[] = Array.isArray(node) ? [] : {};
    for (const [key, child] of Object.entries(node)) {
      const childType = typeOf(key, child);
      const copy = childType === 'xhtml' ? (child as string).replace(LINK_ATTRIBUTE, (whole, name: string, link: string) => (replacements.has(link) ? `${name}="${replacements.get(link)}"` : whole)) : walk(child, childType);
      // An own property even for a key named __proto__, as JSON.parse makes it.
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
      carryDecimalText(node, Array.isArray(node) ? Number(key) : key, out, Array.isArray(node) ? Number(key) : key);
    }
    return out;
  };
  return walk(value, 'Resource') as T;
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
