import type { MappingRule, MappingTransform } from '@contract/mapping-profiles';
import { formatCondition, parseCondition } from './rule-condition';

/** A rule as the rule form edits it: arguments and the condition as text. */
export interface RuleFormValues {
  id: string;
  resource: string;
  source: string;
  target: string;
  /** '' copies the text as it is. */
  transform: string;
  args: Record<string, string>;
  condition: string;
  required: boolean;
}

export function ruleFormValues(rule: MappingRule): RuleFormValues {
  return {
    id: rule.id,
    resource: rule.resource,
    source: rule.source,
    target: rule.target,
    transform: rule.transform ?? '',
    args: Object.fromEntries(Object.entries(rule.args ?? {}).map(([k, v]) => [k, String(v)])),
    condition: formatCondition(rule.condition),
    required: rule.required ?? false,
  };
}

function argValue(text: string, type: MappingTransform['args'][number]['type'] | undefined): string | number | boolean {
  if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/**
 * The rule the form describes, keeping what the form does not show (otherwise, scope, note) from the
 * rule edited; arguments typed as the transform declares them, blank ones left out; or the form's errors.
 */
export function ruleFromForm(values: RuleFormValues, base: MappingRule | null, transforms: readonly MappingTransform[]): { ok: true; rule: MappingRule } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (values.id.trim() === '') errors.id = 'A rule needs an id';
  if (values.target.trim() === '') errors.target = 'A rule needs a target path';
  const condition = parseCondition(values.condition);
  if (!condition.ok) errors.condition = condition.message;
  if (Object.keys(errors).length > 0 || !condition.ok) return { ok: false, errors };
  const spec = transforms.find((t) => t.name === values.transform);
  const args = Object.fromEntries(
    Object.entries(values.args)
      .filter(([name, text]) => text.trim() !== '' && (!spec || spec.args.some((a) => a.name === name)))
      .map(([name, text]) => [name, argValue(text.trim(), spec?.args.find((a) => a.name === name)?.type)]),
  );
  const { otherwise, scope, note } = base ?? {};
  const rule: MappingRule = {
    id: values.id.trim(),
    resource: values.resource,
    source: values.source.trim(),
    target: values.target.trim(),
    ...(values.transform ? { transform: values.transform } : {}),
    ...(Object.keys(args).length > 0 ? { args } : {}),
    ...(condition.condition ? { condition: condition.condition } : {}),
    ...(values.required ? { required: true } : {}),
    ...(otherwise !== undefined ? { otherwise } : {}),
    ...(scope ? { scope } : {}),
    ...(note ? { note } : {}),
  };
  return { ok: true, rule };
}
