import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

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

/** SHA-256 (hex) of a resource's content. */
export const contentHash = (resource: ResourceJson): string => createHash('sha256').update(canonical(contentOf(resource))).digest('hex');

/** The top-level elements whose values differ between two resources' contents, sorted. */
export function differingFields(a: ResourceJson, b: ResourceJson): string[] {
  const left = contentOf(a);
  const right = contentOf(b);
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].filter((key) => !isDeepStrictEqual(left[key], right[key])).sort();
}
