import type { MappingRule } from '@contract/mapping-profiles';

/** The rules with the one at `index` moved by `delta` places (kept inside the list). */
export function moveRule<R>(rules: readonly R[], index: number, delta: number): R[] {
  const to = Math.min(rules.length - 1, Math.max(0, index + delta));
  const next = [...rules];
  const [moved] = next.splice(index, 1);
  if (moved) next.splice(to, 0, moved);
  return next;
}

/** The rules with the one at `index` replaced, or `rule` appended when `index` is null (a new rule). */
export const putRule = <R,>(rules: readonly R[], index: number | null, rule: R): R[] =>
  index === null ? [...rules, rule] : rules.map((r, i) => (i === index ? rule : r));

export const removeRuleAt = <R,>(rules: readonly R[], index: number): R[] => rules.filter((_, i) => i !== index);

/** A rule id not yet used in the profile: `base`, else `base-2`, `base-3`, … */
export function freeRuleId(rules: readonly { id: string }[], base: string): string {
  const used = new Set(rules.map((r) => r.id));
  if (!used.has(base)) return base;
  let n = 2;
  while (used.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/**
 * A new rule's starting values, reading `source` when given: its resource is the one the profile's
 * other rules of that segment fill (PID-13 → the Patient), else the profile's first.
 */
export function newRule(rules: readonly MappingRule[], resources: readonly { key: string }[], source = ''): MappingRule {
  const segment = source.slice(0, 3);
  const resource = (segment && rules.find((r) => r.source.startsWith(`${segment}-`))?.resource) || (resources[0]?.key ?? '');
  return { id: freeRuleId(rules, 'new-rule'), resource, source, target: '' };
}

const RULE_FIELD = /^(?:profile\.)?rules\[(\d+)\](?:\.(.+))?$/;

/**
 * A 422's field messages split into those of one rule (by its place in the list: `rules[3].source`,
 * or `profile.rules[3].source` from the preview), shown beside the rule, and the rest, shown above.
 */
export function issuesByRule(fields: Readonly<Record<string, readonly string[]>>): { rules: Map<number, string[]>; other: string[] } {
  const rules = new Map<number, string[]>();
  const other: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const match = RULE_FIELD.exec(path);
    if (!match) {
      other.push(...messages.map((m) => `${path.replace(/^profile\./, '')}: ${m}`));
      continue;
    }
    const index = Number(match[1]);
    const list = rules.get(index) ?? [];
    list.push(...messages.map((m) => (match[2] ? `${match[2]}: ${m}` : m)));
    rules.set(index, list);
  }
  return { rules, other };
}
