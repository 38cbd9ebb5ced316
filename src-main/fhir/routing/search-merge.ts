import type { Bundle, BundleEntry, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/** What one server gave a fanned-out search: its searchset, or why it has none. */
export interface SourceAnswer {
  server: string;
  bundle?: Bundle;
  /** Set when the server gave no answer: down (warning) or refused the search (error). */
  problem?: { severity: 'warning' | 'error'; text: string };
}

export interface MergeRequest {
  sources: readonly SourceAnswer[];
  selfUrl: string;
  /** `_summary=count`: the sources sent totals only. */
  countOnly?: boolean;
}

interface Candidate {
  entry: BundleEntry;
  server: string;
  order: number;
}

const identifierKeys = (resource: Resource | undefined): string[] =>
  ((resource as { identifier?: { system?: string; value?: string }[] } | undefined)?.identifier ?? []).flatMap((i) => (i.system && i.value ? [`${i.system}|${i.value}`] : []));

const lastUpdated = (c: Candidate): number => Date.parse(c.entry.resource?.meta?.lastUpdated ?? '') || 0;

/** One entry per resource and server: the fullUrl names it (a match wins over an include of the same resource). */
function perServer(sources: readonly SourceAnswer[]): Candidate[] {
  const byKey = new Map<string, Candidate>();
  let order = 0;
  for (const source of sources) {
    for (const entry of source.bundle?.entry ?? []) {
      if (entry.search?.mode === 'outcome') continue;
      const key = entry.fullUrl ?? `${source.server}/${entry.resource?.resourceType}/${entry.resource?.id}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { entry, server: source.server, order: order++ });
      else if (seen.entry.search?.mode !== 'match' && entry.search?.mode === 'match') seen.entry = entry;
    }
  }
  return [...byKey.values()];
}

/** Across servers, one resource per business identifier: the newest meta.lastUpdated stays, the others go. */
function newestPerIdentifier(candidates: readonly Candidate[]): { kept: Candidate[]; dropped: number } {
  const claimedBy = new Map<string, string>();
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => lastUpdated(b) - lastUpdated(a) || a.order - b.order)) {
    const keys = identifierKeys(c.entry.resource);
    if (keys.some((k) => claimedBy.has(k) && claimedBy.get(k) !== c.server)) continue;
    keys.forEach((k) => claimedBy.set(k, claimedBy.get(k) ?? c.server));
    kept.push(c);
  }
  return { kept: kept.sort((a, b) => a.order - b.order), dropped: candidates.length - kept.length };
}

const hadMore = (bundle: Bundle | undefined): boolean => !!bundle?.link?.some((l) => l.relation === 'next');

/**
 * Merges the searchsets of several servers into one page: duplicates removed, `total` the merged
 * count, and an OperationOutcome entry (search.mode outcome) naming the servers that did not answer.
 * Each source gave its first page only, so a capped answer says so instead of offering a next link.
 */
export function mergeSearchsets(request: MergeRequest): Bundle {
  const issues: OperationOutcomeIssue[] = request.sources.flatMap((s) => (s.problem ? [{ severity: s.problem.severity, code: s.problem.severity === 'warning' ? 'transient' : 'processing', diagnostics: `${s.server}: ${s.problem.text}` }] : []));
  for (const source of request.sources) {
    for (const entry of source.bundle?.entry ?? []) {
      if (entry.search?.mode === 'outcome' && entry.resource?.resourceType === 'OperationOutcome') issues.push(...(entry.resource.issue ?? []).map((i) => ({ ...i, diagnostics: `${source.server}: ${i.diagnostics ?? ''}` })));
    }
  }
  const link = [{ relation: 'self', url: request.selfUrl }];
  const answered = request.sources.filter((s) => s.bundle);
  if (request.countOnly) {
    if (answered.length > 1) issues.push({ severity: 'information', code: 'informational', diagnostics: `The total adds up the totals of ${answered.map((s) => s.server).join(', ')}; a resource held by two of them counts twice` });
    const total = answered.reduce((sum, s) => sum + (s.bundle?.total ?? 0), 0);
    return { resourceType: 'Bundle', type: 'searchset', total, link, ...(issues.length > 0 ? { entry: [outcomeEntry(issues)] } : {}) };
  }
  const { kept, dropped } = newestPerIdentifier(perServer(request.sources));
  if (dropped > 0) issues.push({ severity: 'information', code: 'informational', diagnostics: `${dropped} older cop${dropped === 1 ? 'y' : 'ies'} of resources with the same business identifier on another server left out` });
  const capped = answered.filter((s) => hadMore(s.bundle));
  if (capped.length > 0) issues.push({ severity: 'information', code: 'informational', diagnostics: `Results are capped: merged from the first page of each server; ${capped.map((s) => s.server).join(', ')} had more (no next page across servers; narrow the search)` });
  const entry = kept.map((c) => c.entry);
  const total = entry.filter((e) => e.search?.mode !== 'include').length;
  return { resourceType: 'Bundle', type: 'searchset', total, link, entry: issues.length > 0 ? [...entry, outcomeEntry(issues)] : entry };
}

const outcomeEntry = (issue: OperationOutcomeIssue[]): BundleEntry => ({ resource: { resourceType: 'OperationOutcome', issue }, search: { mode: 'outcome' } });

/**
 * The local store's share of a fanned-out search. Local entries that belong to an upstream owner are
 * mirrors: left out while that owner answered, kept as its stand-in while it is down.
 */
export function localShare(bundle: Bundle, ownerOf: (resource: Resource) => string, keep: (owner: string) => boolean): Bundle {
  return { ...bundle, entry: (bundle.entry ?? []).filter((e) => !e.resource || e.search?.mode === 'outcome' || keep(ownerOf(e.resource))) };
}
