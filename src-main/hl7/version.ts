/** Numeric comparison of HL7 version ids; non-numeric parts ('2.3.z') count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = partsOf(a);
  const pb = partsOf(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Versions read so far (every frame's ACK compares its version): a few in practice, bounded against a sender sending many. */
const readVersions = new Map<string, readonly number[]>();
const MAX_READ_VERSIONS = 64;

function partsOf(version: string): readonly number[] {
  let parts = readVersions.get(version);
  if (parts === undefined) {
    parts = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
    if (readVersions.size >= MAX_READ_VERSIONS) readVersions.clear();
    readVersions.set(version, parts);
  }
  return parts;
}

/** True for well-formed versions at or after `min`; an unreadable version counts as the newest. */
export function versionAtLeast(version: string, min: string): boolean {
  if (!/^\d+\.\d+/.test(version)) return true;
  return compareVersions(version, min) >= 0;
}
