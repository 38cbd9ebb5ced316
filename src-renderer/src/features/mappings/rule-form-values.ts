import type { FhirMappingRule } from '@contract/fhir-mapping-profiles';
import type { MappingRule, MappingTransform } from '@contract/mapping-profiles';
import { FHIR_CONDITION_OPS, HL7_CONDITION_OPS, formatCondition, parseCondition, type RuleCondition } from './rule-condition';

/** What rules of both directions have in common, which the rules table and the rule form edit. */
export interface EditableRule {
  id: string;
  source: string;
  target: string;
  transform?: string | undefined;
  args?: Record<string, string | number | boolean> | undefined;
  condition?: RuleCondition | RuleCondition[] | undefined;
  /** v2 → FHIR only: which segments read count (kept as it is; the form does not edit it). */
  where?: RuleCondition | RuleCondition[] | undefined;
  /** v2 → FHIR only: transform arguments read from other fields of the message (shown, kept; not edited by the form). */
  argsFrom?: Record<string, string> | undefined;
  /** v2 → FHIR only: the data-absent reason written when the rule reads a value it cannot map (shown, kept). */
  absentReason?: string | undefined;
  required?: boolean | undefined;
}

/** A rule as the rule form edits it: arguments and the condition as text; `owner` is its resource (v2 → FHIR) or segment (FHIR → v2) key. */
export interface RuleFormValues {
  id: string;
  owner: string;
  source: string;
  target: string;
  /** '' copies the text as it is. */
  transform: string;
  args: Record<string, string>;
  condition: string;
  required: boolean;
}

export type FormResult<R> = { ok: true; rule: R } | { ok: false; errors: Record<string, string> };

export function ruleFormValues(rule: EditableRule, owner: string): RuleFormValues {
  return {
    id: rule.id,
    owner,
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

/** The fields both directions' rules share, from the form: arguments typed as the transform declares them, blank ones left out. */
function fieldsFromForm<Op extends string>(values: RuleFormValues, transforms: readonly MappingTransform[], ops: readonly Op[]) {
  const errors: Record<string, string> = {};
  if (values.id.trim() === '') errors.id = 'A rule needs an id';
  if (values.target.trim() === '') errors.target = 'A rule needs a target path';
  const condition = parseCondition(values.condition, ops);
  if (!condition.ok) errors.condition = condition.message;
  if (Object.keys(errors).length > 0 || !condition.ok) return { ok: false as const, errors };
  const spec = transforms.find((t) => t.name === values.transform);
  const args = Object.fromEntries(
    Object.entries(values.args)
      .filter(([name, text]) => text.trim() !== '' && (!spec || spec.args.some((a) => a.name === name)))
      .map(([name, text]) => [name, argValue(text.trim(), spec?.args.find((a) => a.name === name)?.type)]),
  );
  return {
    ok: true as const,
    id: values.id.trim(),
    source: values.source.trim(),
    target: values.target.trim(),
    optional: {
      ...(values.transform ? { transform: values.transform } : {}),
      ...(Object.keys(args).length > 0 ? { args } : {}),
      ...(condition.condition ? { condition: condition.condition } : {}),
      ...(values.required ? { required: true } : {}),
    },
  };
}

/**
 * The HL7 v2 → FHIR rule the form describes, keeping what the form does not show (otherwise, scope,
 * where, argsFrom, absentReason, note) from the rule edited; or the form's errors.
 */
export function ruleFromForm(values: RuleFormValues, base: MappingRule | null, transforms: readonly MappingTransform[]): FormResult<MappingRule> {
  const fields = fieldsFromForm(values, transforms, HL7_CONDITION_OPS);
  if (!fields.ok) return fields;
  const { otherwise, scope, where, argsFrom, absentReason, note } = base ?? {};
  const rule: MappingRule = {
    id: fields.id,
    resource: values.owner,
    source: fields.source,
    target: fields.target,
    ...fields.optional,
    ...(otherwise !== undefined ? { otherwise } : {}),
    ...(scope ? { scope } : {}),
    ...(where ? { where } : {}),
    ...(argsFrom ? { argsFrom } : {}),
    ...(absentReason ? { absentReason } : {}),
    ...(note ? { note } : {}),
  };
  return { ok: true, rule };
}

/** The FHIR → HL7 v2 rule the form describes, keeping `otherwise` and `note` from the rule edited; or the form's errors. */
export function fhirRuleFromForm(values: RuleFormValues, base: FhirMappingRule | null, transforms: readonly MappingTransform[]): FormResult<FhirMappingRule> {
  const fields = fieldsFromForm(values, transforms, FHIR_CONDITION_OPS);
  if (!fields.ok) return fields;
  const { otherwise, note } = base ?? {};
  const rule: FhirMappingRule = {
    id: fields.id,
    segment: values.owner,
    source: fields.source,
    target: fields.target,
    ...fields.optional,
    ...(otherwise !== undefined ? { otherwise } : {}),
    ...(note ? { note } : {}),
  };
  return { ok: true, rule };
}
