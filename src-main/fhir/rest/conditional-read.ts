import type { Resource } from '@medplum/fhirtypes';

/**
 * Conditional read: true when the client's copy is current — If-None-Match names the current
 * version, or nothing changed after If-Modified-Since — so the answer is 304 Not Modified.
 */
export function notModified(resource: Resource, ifNoneMatch?: string, ifModifiedSince?: string): boolean {
  const versionId = resource.meta?.versionId;
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true;
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${versionId}"`);
  }
  if (ifModifiedSince !== undefined && resource.meta?.lastUpdated) {
    const since = Date.parse(ifModifiedSince);
    return Number.isFinite(since) && Math.floor(Date.parse(resource.meta.lastUpdated) / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
