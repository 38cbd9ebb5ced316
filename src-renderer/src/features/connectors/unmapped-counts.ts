import type { UnmappedCoverage } from '@contract/mapping-profiles';

/** How many distinct paths each connector's messages carried unmapped, whatever the profile or version. */
export function unmappedCountsByConnector(rows: readonly UnmappedCoverage[]): Map<string, number> {
  const paths = new Map<string, Set<string>>();
  for (const row of rows) {
    let set = paths.get(row.connectorId);
    if (!set) paths.set(row.connectorId, (set = new Set()));
    set.add(row.path);
  }
  return new Map([...paths].map(([id, set]) => [id, set.size]));
}
