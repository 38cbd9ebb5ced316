import type { BundleEntry } from '@medplum/fhirtypes';

/** How many stored resources of a type a conditional query matches. */
export type CountMatches = (resourceType: string, query: string) => number;

/**
 * A key that changed in an upgrade (a Patient once keyed by the sending facility, now by its MRN's
 * assigning authority): an entry whose key finds nothing while its former key finds exactly one
 * resource is pointed at that one — a conditional update replaces it, so it carries the new key from
 * then on; a conditional create leaves it as it is. Other entries are kept as they are.
 */
export function withFormerKeys(entries: readonly BundleEntry[], formerKeys: Readonly<Record<string, string>> | undefined, count: CountMatches): BundleEntry[] {
  if (!formerKeys) return [...entries];
  return entries.map((entry) => {
    const former = entry.fullUrl === undefined ? undefined : formerKeys[entry.fullUrl];
    const request = entry.request;
    if (former === undefined || !request) return entry;
    const [type = '', query] = (request.url ?? '').split('?');
    const current = request.method === 'PUT' ? query : request.method === 'POST' ? request.ifNoneExist : undefined;
    if (current === undefined || count(type, current) > 0 || count(type, former) !== 1) return entry;
    return { ...entry, request: request.method === 'PUT' ? { ...request, url: `${type}?${former}` } : { ...request, ifNoneExist: former } };
  });
}
