import type { FhirMappingRule } from '@contract/fhir-mapping-profiles';
import type { MappingRule, MappingTransform } from '@contract/mapping-profiles';
import { describe, expect, it } from 'vitest';
import { fhirRuleFromForm, ruleFormValues, ruleFromForm } from './rule-form-values';

const transforms: MappingTransform[] = [
  { name: 'round', description: '', output: 'decimal', args: [{ name: 'digits', type: 'number', required: false, description: '' }] },
  { name: 'constant', description: '', output: 'any', args: [{ name: 'value', type: 'string', required: true, description: '' }] },
];
const status: MappingRule = { id: 'observation-status', resource: 'observation', source: 'OBX-11', target: 'status', transform: 'v2_table', args: { table: 'X' }, otherwise: 'unknown', note: 'why', where: { path: 'OBX-3', op: 'valued' }, condition: { path: 'OBX-2', op: 'in', values: ['NM'] } };

describe('the rule form', () => {
  it('round-trips a rule, keeping what the form does not show', () => {
    expect(ruleFromForm(ruleFormValues(status, status.resource), status, transforms)).toEqual({ ok: true, rule: status });
  });

  it('types arguments as the transform declares them and drops blank ones and ones the new transform does not take', () => {
    const values = { ...ruleFormValues(status, status.resource), transform: 'round', args: { digits: '2', table: 'X' } };
    const result = ruleFromForm(values, status, transforms);
    expect(result.ok && result.rule.args).toEqual({ digits: 2 });
    const blank = ruleFromForm({ ...values, args: { digits: ' ' } }, null, transforms);
    expect(blank.ok && blank.rule).toEqual({ id: 'observation-status', resource: 'observation', source: 'OBX-11', target: 'status', transform: 'round', condition: { path: 'OBX-2', op: 'in', values: ['NM'] } });
  });

  it('answers the form\'s errors for a missing id or target and an unreadable condition', () => {
    expect(ruleFromForm({ ...ruleFormValues(status, status.resource), id: ' ', target: '', condition: 'OBX-2 is NM' }, status, transforms)).toEqual({
      ok: false,
      errors: { id: 'A rule needs an id', target: 'A rule needs a target path', condition: '“OBX-2 is NM” is not PATH followed by one of valued, empty, in, not-in, numeric' },
    });
  });

  it('round-trips a FHIR → v2 rule with its segment and FHIR condition, keeping its note', () => {
    const flag: FhirMappingRule = { id: 'pid-deceased-flag', segment: 'pid', source: '', target: 'PID-30', transform: 'constant', args: { value: 'Y' }, condition: { path: 'deceasedDateTime', op: 'exists' }, note: 'why' };
    expect(fhirRuleFromForm(ruleFormValues(flag, flag.segment), flag, transforms)).toEqual({ ok: true, rule: flag });
    const moved = fhirRuleFromForm({ ...ruleFormValues(flag, 'pv1'), condition: 'deceasedDateTime valued' }, flag, transforms);
    expect(moved).toEqual({ ok: false, errors: { condition: '“deceasedDateTime valued” is not PATH followed by one of exists, missing, in, not-in' } });
  });
});
