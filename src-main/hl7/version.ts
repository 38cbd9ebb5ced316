/** Numeric comparison of HL7 version ids; non-numeric parts ('2.3.z') count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (Number.parseInt(pa[i] ?? '0', 10) || 0) - (Number.parseInt(pb[i] ?? '0', 10) || 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True for well-formed versions at or after `min`; an unreadable version counts as the newest. */
export function versionAtLeast(version: string, min: string): boolean {
  if (!/^\d+\.\d+/.test(version)) return true;
  return compareVersions(version, min) >= 0;
}
