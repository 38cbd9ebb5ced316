import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { decimalTexts } from '../fhir/fhir-json-text';

/** A resource as JSON: what both sides of a sync compare. */
export type ResourceJson = Record<string, unknown> & { resourceType: string; id?: string; meta?: Record<string, unknown> };

/** Elements a server manages; a change to them alone is not a change of the content. */
const SERVER_META = new Set(['versionId', 'lastUpdated']);

/** The content of a resource as a sync compares it: without meta.versionId and meta.lastUpdated (and meta when nothing else is left). */
export function contentOf(resource: ResourceJson): ResourceJson {
  const { meta, ...rest } = resource;
  const kept = Object.entries(meta ?? {}).filter(([key]) => !SERVER_META.has(key));
  return (kept.length > 0 ? { ...rest, meta: Object.fromEntries(kept) } : rest) as ResourceJson;
}

/** JSON with object keys sorted, so equal content hashes equally whatever order its keys came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of a resource's content. Decimals written with another precision than JSON's own
 * (`1.30`) are part of it, as the store counts them (store-service's no-op update); content without such
 * decimals hashes as it always did, so sync states recorded before stay valid.
 */
export function contentHash(resource: ResourceJson): string {
  const hash = createHash('sha256').update(canonical(contentOf(resource)));
  const decimals = decimalTexts(resource);
  if (decimals.length > 0) hash.update(`\n${decimals.join('\n')}`);
  return hash.digest('hex');
}

/** Each top-level element's decimal texts (meta holds none), for telling `1.3` from `1.30`. */
function decimalsByField(resource: ResourceJson): Map<string, string> {
  const byField = new Map<string, string>();
  for (const entry of decimalTexts(resource)) {
    // Entries read `/valueQuantity/value=1.30`: the element is the first step of the path.
    const field = entry.slice(1).split(/[/=]/, 1)[0] as string;
    byField.set(field, `${byField.get(field) ?? ''}\n${entry}`);
  }
  return byField;
}

/** The top-level elements whose values (or decimals' precision) differ between two resources' contents, sorted. */
export function differingFields(a: ResourceJson, b: ResourceJson): string[] {
  const left = contentOf(a);
  const right = contentOf(b);
  const [leftDecimals, rightDecimals] = [decimalsByField(a), decimalsByField(b)];
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => !isDeepStrictEqual(left[key], right[key]) || leftDecimals.get(key) !== rightDecimals.get(key)).sort();
}
