/** One top-level element of a conflict's two versions, as the side-by-side view shows it. */
export interface FieldRow {
  field: string;
  local: string | null;
  remote: string | null;
  differs: boolean;
}

const SERVER_META = new Set(['versionId', 'lastUpdated']);

/** meta without what each server manages on its own, so only a real difference in meta shows as one. */
function comparable(field: string, value: unknown): unknown {
  if (field !== 'meta' || !value || typeof value !== 'object') return value;
  const kept = Object.entries(value as Record<string, unknown>).filter(([key]) => !SERVER_META.has(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

const text = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value, null, 2));

/** Every top-level element either version has (meta only when it holds more than the server's version and time), resourceType and id first, the rest in name order; `differs` as the engine's `differingFields` says. */
export function fieldRows(local: Record<string, unknown> | null, remote: Record<string, unknown> | null, differing: readonly string[]): FieldRow[] {
  const names = new Set([...Object.keys(local ?? {}), ...Object.keys(remote ?? {})]);
  const first = ['resourceType', 'id'].filter((name) => names.has(name));
  const rest = [...names].filter((name) => !first.includes(name)).sort();
  return [...first, ...rest]
    .map((field) => ({ field, local: text(comparable(field, local?.[field])), remote: text(comparable(field, remote?.[field])), differs: differing.includes(field) }))
    .filter((row) => row.local !== null || row.remote !== null);
}
