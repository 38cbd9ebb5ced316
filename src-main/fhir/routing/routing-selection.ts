/**
 * Which server answers a FHIR interaction, from the active routing rules of one resource type. Pure:
 * the rules and the resource are passed in. A scoped rule — with a category, a profile, or both — owns
 * the resources that match every scope it names (category codings; `meta.profile`); the most specific
 * matching rule wins; a rule with neither owns the rest of the type; no rule means the local store.
 */

/** The part of a FhirRoutingRule that routing decisions read. */
export interface RouteRule {
  id: string;
  category: string | null;
  profile: string | null;
  target: string;
  serviceUrl: string | null;
  isPrimary: boolean;
  fanOut: boolean;
}

export type Destination<R extends RouteRule = RouteRule> = { kind: 'local' } | { kind: 'upstream'; rule: R };

export const LOCAL_KEY = 'local';
const LOCAL = { kind: 'local' } as const;

/** One name per server: the upstream base URL, or `local`. */
export const destinationKey = (d: Destination): string => (d.kind === 'local' ? LOCAL_KEY : (d.rule.serviceUrl as string));

const usable = <R extends RouteRule>(rules: readonly R[]): R[] => rules.filter((r) => r.target === 'local' || !!r.serviceUrl);
const scoped = (r: RouteRule): boolean => !!r.category || !!r.profile;
const specificity = (r: RouteRule): number => (r.category ? 1 : 0) + (r.profile ? 1 : 0);
const primaries = <R extends RouteRule>(rules: readonly R[]): R[] => usable(rules).filter((r) => r.isPrimary);
const toDestination = <R extends RouteRule>(rule: R | undefined): Destination<R> => (rule?.target === 'upstream' ? { kind: 'upstream', rule } : LOCAL);

function unique<R extends RouteRule>(destinations: readonly Destination<R>[]): Destination<R>[] {
  const seen = new Map<string, Destination<R>>();
  for (const d of destinations) if (!seen.has(destinationKey(d))) seen.set(destinationKey(d), d);
  return [...seen.values()];
}

export interface CategoryCoding {
  system?: string | undefined;
  code?: string | undefined;
}

/** The category codings of a resource, whether `category` is a CodeableConcept, a list of them, or codes. */
export function resourceCategories(resource: unknown): CategoryCoding[] {
  const category = (resource as { category?: unknown } | undefined)?.category;
  const items = Array.isArray(category) ? category : category === undefined ? [] : [category];
  return items.flatMap((item: unknown): CategoryCoding[] => {
    if (typeof item === 'string') return [{ code: item }];
    const coding = (item as { coding?: unknown } | null)?.coding;
    return Array.isArray(coding) ? (coding as CategoryCoding[]) : [];
  });
}

const split = (category: string): CategoryCoding => {
  const bar = category.indexOf('|');
  return bar < 0 ? { code: category } : { system: category.slice(0, bar) || undefined, code: category.slice(bar + 1) };
};

/** A rule's `code` (any system) or `system|code` against one of a resource's category codings. */
export function categoryMatches(ruleCategory: string, coding: CategoryCoding): boolean {
  const wanted = split(ruleCategory);
  return coding.code === wanted.code && (wanted.system === undefined || coding.system === wanted.system);
}

/** A rule's category against a search token: a side that names no system matches any system. */
export function tokenMatches(ruleCategory: string, token: string): boolean {
  const rule = split(ruleCategory);
  const asked = split(token);
  return rule.code === asked.code && (rule.system === undefined || asked.system === undefined || rule.system === asked.system);
}

/** Canonical URLs compare without their `|version`. */
const sameProfile = (a: string, b: string): boolean => a.split('|')[0] === b.split('|')[0];

/** The profiles a resource declares in meta.profile. */
export function resourceProfiles(resource: unknown): string[] {
  const profile = (resource as { meta?: { profile?: unknown } } | undefined)?.meta?.profile;
  return Array.isArray(profile) ? profile.filter((p): p is string => typeof p === 'string') : [];
}

/** True when the resource matches every scope the rule names. */
function fitsResource(r: RouteRule, resource: unknown): boolean {
  const categoryFits = !r.category || resourceCategories(resource).some((c) => categoryMatches(r.category as string, c));
  const profileFits = !r.profile || resourceProfiles(resource).some((p) => sameProfile(r.profile as string, p));
  return categoryFits && profileFits;
}

const typeWide = <R extends RouteRule>(rules: readonly R[]): R | undefined => primaries(rules).find((r) => !scoped(r));
/** Primary scoped rules, most specific first. */
const scopedPrimaries = <R extends RouteRule>(rules: readonly R[]): R[] => primaries(rules).filter(scoped).sort((a, b) => specificity(b) - specificity(a));

/** True when some rule can send this type to an upstream server. */
export const isRouted = (rules: readonly RouteRule[]): boolean => usable(rules).some((r) => r.target === 'upstream');

/** Where a resource is written: the most specific rule whose category and profile it matches, else the type-wide rule, else local. */
export function writeDestination<R extends RouteRule>(rules: readonly R[], resource: unknown): Destination<R> {
  return toDestination(scopedPrimaries(rules).find((r) => fitsResource(r, resource)) ?? typeWide(rules));
}

/** The values a search pins for a parameter (`category=a,b`, repeated params); modifiers such as :not pin nothing. */
const pinned = (params: readonly [string, string][], param: string): string[] =>
  params.filter(([name]) => name === param).flatMap(([, value]) => value.split(',').filter((v) => v !== ''));

/** True when the search pins every scope the rule names (a scope the search leaves open does not count). */
function pinnedBy(r: RouteRule, tokens: readonly string[], profiles: readonly string[]): boolean {
  const categoryPinned = !r.category || tokens.some((t) => tokenMatches(r.category as string, t));
  const profilePinned = !r.profile || profiles.some((p) => sameProfile(r.profile as string, p));
  return categoryPinned && profilePinned;
}

/**
 * The servers a search asks. Pinned categories go to their owners; an unpinned search of a type with
 * category owners asks each owner and the type-wide home. A fan-out rule makes every active rule of
 * the type a source (the local store too when no rule takes the type as a whole).
 */
export function searchDestinations<R extends RouteRule>(rules: readonly R[], params: readonly [string, string][]): Destination<R>[] {
  const tokens = pinned(params, 'category');
  const profiles = pinned(params, '_profile');
  const fitsPin = (r: R): boolean =>
    (!r.category || tokens.length === 0 || tokens.some((t) => tokenMatches(r.category as string, t))) && (!r.profile || profiles.length === 0 || profiles.some((p) => sameProfile(r.profile as string, p)));
  if (usable(rules).some((r) => r.fanOut)) {
    const chosen = usable(rules).filter(fitsPin).map(toDestination);
    return unique(typeWide(rules) ? chosen : [...chosen, LOCAL]);
  }
  if (profiles.length > 0) {
    const owners = scopedPrimaries(rules).filter((r) => r.profile && pinnedBy(r, tokens, profiles));
    if (owners.length > 0) return unique(owners.map(toDestination));
  }
  if (tokens.length > 0) {
    return unique(tokens.map((t) => toDestination(scopedPrimaries(rules).find((r) => !r.profile && r.category && tokenMatches(r.category, t)) ?? typeWide(rules))));
  }
  return unique([toDestination(typeWide(rules)), ...scopedPrimaries(rules).filter(fitsPin).map(toDestination)]);
}

/** Upstream servers that may hold a resource known only by id: the type-wide owner first, then the scoped owners. */
export function idCandidates<R extends RouteRule>(rules: readonly R[]): R[] {
  const destinations = unique([toDestination(typeWide(rules)), ...scopedPrimaries(rules).map(toDestination)]);
  return destinations.flatMap((d) => (d.kind === 'upstream' ? [d.rule] : []));
}

/** The type-wide upstream owner (type-level history goes there), if the type has one. */
export function typeOwner<R extends RouteRule>(rules: readonly R[]): R | undefined {
  const rule = typeWide(rules);
  return rule?.target === 'upstream' ? rule : undefined;
}

/** The servers a batch or transaction entry touches: a write goes where its resource goes; other entries may touch every owner of the type. */
export function entryDestinations<R extends RouteRule>(rules: readonly R[], method: string, resource: unknown, params: readonly [string, string][]): Destination<R>[] {
  if (!isRouted(rules)) return [LOCAL];
  if ((method === 'POST' || method === 'PUT') && resource) return [writeDestination(rules, resource)];
  return searchDestinations(rules, params);
}

export type TransactionRoute<R extends RouteRule> = { kind: 'local' } | { kind: 'upstream'; rule: R } | { kind: 'mixed'; owners: R[] };

/** A transaction stays whole: all local, all one upstream server (forwarded as is), or mixed (atomicity cannot be promised). */
export function transactionRoute<R extends RouteRule>(perEntry: readonly Destination<R>[][]): TransactionRoute<R> {
  const all = unique(perEntry.flat());
  const owners = all.flatMap((d) => (d.kind === 'upstream' ? [d.rule] : []));
  if (owners.length === 0) return LOCAL;
  if (all.length === 1) return { kind: 'upstream', rule: owners[0] as R };
  return { kind: 'mixed', owners };
}
