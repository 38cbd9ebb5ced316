/** One transaction entry as far as its identity goes: its method, URL and (POST) ifNoneExist. */
export interface EntryRequest {
  method: string;
  url: string;
  ifNoneExist?: string | undefined;
}

/** A query's parameters in one order, so `b=2&a=1` and `a=1&b=2` name the same criteria. */
const criteria = (type: string, query: string): string => `${type}?${query.split('&').filter(Boolean).sort().join('&')}`;

/**
 * The identities an entry touches: the resource it resolved to (`Type/id`; `resolvedId` is the id a
 * create or conditional update was given or matched) and, for a conditional entry, its criteria —
 * two conditional entries with the same criteria resolve the same way even when both create.
 */
function identitiesOf(request: EntryRequest, resolvedId: string | undefined): string[] {
  const [path = '', query] = request.url.split('?');
  const type = path.split('/')[0] ?? '';
  if (request.method === 'GET' || request.method === 'HEAD') return [];
  const conditional = request.method === 'POST' ? request.ifNoneExist : query;
  const id = resolvedId ?? (query === undefined && path.includes('/') ? path.split('/')[1] : undefined);
  return [...(id ? [`${type}/${id}`] : []), ...(conditional ? [criteria(type, conditional)] : [])];
}

/**
 * The first two entries of a transaction whose identities overlap — the same resource written twice,
 * or the same conditional criteria twice — which FHIR R4 (3.1.0.11.2) says fails the transaction.
 */
export function overlappingEntries(requests: readonly (EntryRequest | undefined)[], resolvedIds: readonly (string | undefined)[]): { first: number; second: number; identity: string } | undefined {
  const seen = new Map<string, number>();
  for (const [i, request] of requests.entries()) {
    if (!request) continue;
    for (const identity of new Set(identitiesOf(request, resolvedIds[i]))) {
      const first = seen.get(identity);
      if (first !== undefined) return { first, second: i, identity };
      seen.set(identity, i);
    }
  }
  return undefined;
}

/**
 * The first two entries that share a fullUrl (and meta.versionId), which Bundle invariant bdl-7 forbids:
 * in a transaction a reference to that fullUrl could name either resource.
 */
export function repeatedFullUrl(entries: readonly { fullUrl?: string | undefined; resource?: { meta?: { versionId?: string | undefined } | undefined } | undefined }[]): { first: number; second: number; fullUrl: string } | undefined {
  const seen = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    if (entry.fullUrl === undefined) continue;
    const key = `${entry.fullUrl}\u0000${entry.resource?.meta?.versionId ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) return { first, second: i, fullUrl: entry.fullUrl };
    seen.set(key, i);
  }
  return undefined;
}
