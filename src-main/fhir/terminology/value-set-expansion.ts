import type { CodeSystem, CodeSystemConcept, ValueSet, ValueSetComposeInclude } from '@medplum/fhirtypes';

/** The codes of an expanded value set: system → codes. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;

/** Expands a value set by canonical URL (a `|version` suffix is ignored); undefined when it cannot be expanded here. */
export type ValueSetExpander = (url: string) => Expansion | undefined;

const canonical = (url: string): string => url.split('|')[0] ?? url;

function allCodes(concepts: readonly CodeSystemConcept[] | undefined, into: string[] = []): string[] {
  for (const concept of concepts ?? []) {
    into.push(concept.code);
    allCodes(concept.concept, into);
  }
  return into;
}

/**
 * Builds an expander over the given code systems and value sets. Only what can be enumerated without a
 * terminology server expands: includes listing their concepts, whole code systems we hold completely, and
 * imported value sets that themselves expand. A filter, an unknown or partial code system, or an
 * import cycle makes the value set unexpandable rather than guessed at.
 */
export function createValueSetExpander(resources: Iterable<CodeSystem | ValueSet>): ValueSetExpander {
  const codeSystems = new Map<string, CodeSystem>();
  const valueSets = new Map<string, ValueSet>();
  for (const resource of resources) {
    if (!resource.url) continue;
    if (resource.resourceType === 'CodeSystem') codeSystems.set(resource.url, resource);
    else valueSets.set(resource.url, resource);
  }
  const memo = new Map<string, Expansion | undefined>();

  const codesOf = (part: ValueSetComposeInclude, expanding: Set<string>): Map<string, Set<string>> | undefined => {
    if (part.filter?.length) return undefined;
    const codes = new Map<string, Set<string>>();
    const add = (system: string, list: Iterable<string>) => {
      const set = codes.get(system) ?? new Set<string>();
      for (const code of list) set.add(code);
      codes.set(system, set);
    };
    if (part.system) {
      if (part.concept) add(part.system, part.concept.map((c) => c.code ?? ''));
      else {
        const codeSystem = codeSystems.get(part.system);
        if (codeSystem?.content !== 'complete') return undefined;
        add(part.system, allCodes(codeSystem.concept));
      }
    }
    for (const imported of part.valueSet ?? []) {
      const expansion = expand(imported, expanding);
      if (!expansion) return undefined;
      for (const [system, list] of expansion) add(system, list);
    }
    return codes;
  };

  const expand = (url: string, expanding: Set<string>): Expansion | undefined => {
    const key = canonical(url);
    if (memo.has(key)) return memo.get(key);
    if (expanding.has(key)) return undefined;
    expanding.add(key);
    const compose = valueSets.get(key)?.compose;
    let result: Map<string, Set<string>> | undefined = compose ? new Map() : undefined;
    for (const include of compose?.include ?? []) {
      const codes = result && codesOf(include, expanding);
      if (!result || !codes) {
        result = undefined;
        break;
      }
      for (const [system, list] of codes) result.set(system, new Set([...(result.get(system) ?? []), ...list]));
    }
    for (const exclude of compose?.exclude ?? []) {
      const codes = result && codesOf(exclude, expanding);
      if (!result || !codes) {
        result = undefined;
        break;
      }
      for (const [system, list] of codes) for (const code of list) result.get(system)?.delete(code);
    }
    expanding.delete(key);
    memo.set(key, result);
    return result;
  };

  return (url) => expand(url, new Set());
}

/** Whether a coded value is in an expansion; without a system, any system of the expansion may hold the code. */
export function inExpansion(expansion: Expansion, code: string, system?: string): boolean {
  if (system !== undefined) return expansion.get(system)?.has(code) ?? false;
  for (const codes of expansion.values()) if (codes.has(code)) return true;
  return false;
}
