import type { MappingRule } from '@contract/mapping-profiles';
import { describe, expect, it } from 'vitest';
import { freeRuleId, issuesByRule, moveRule, newRule, putRule, removeRuleAt } from './rule-edits';

const rule = (id: string): MappingRule => ({ id, resource: 'patient', source: 'PID-5', target: 'name[0].family' });
const ids = (rules: MappingRule[]) => rules.map((r) => r.id);

describe('rule edits', () => {
  it('moves a rule up or down one place and keeps it inside the list at the ends', () => {
    const rules = ['a', 'b', 'c'].map(rule);
    expect(ids(moveRule(rules, 2, -1))).toEqual(['a', 'c', 'b']);
    expect(ids(moveRule(rules, 0, 1))).toEqual(['b', 'a', 'c']);
    expect(ids(moveRule(rules, 0, -1))).toEqual(['a', 'b', 'c']);
    expect(ids(moveRule(rules, 2, 1))).toEqual(['a', 'b', 'c']);
  });

  it('replaces a rule in place, appends a new one, removes one', () => {
    const rules = ['a', 'b'].map(rule);
    expect(ids(putRule(rules, 1, rule('z')))).toEqual(['a', 'z']);
    expect(ids(putRule(rules, null, rule('z')))).toEqual(['a', 'b', 'z']);
    expect(ids(removeRuleAt(rules, 0))).toEqual(['b']);
  });

  it('finds a rule id not yet used', () => {
    expect(freeRuleId(['new-rule', 'new-rule-2'].map(rule), 'new-rule')).toBe('new-rule-3');
    expect(freeRuleId([], 'new-rule')).toBe('new-rule');
  });

  it('puts a 422\'s messages beside the rule they name, from a save or from the preview, and keeps the rest apart', () => {
    const { rules, other } = issuesByRule({ 'rules[2].source': ['bad path'], 'profile.rules[2].transform': ['no transform'], 'profile.rules[0]': ['odd'], 'profile.messageTypes[0]': ['bad type'] });
    expect([...rules.entries()]).toEqual([
      [2, ['source: bad path', 'transform: no transform']],
      [0, ['odd']],
    ]);
    expect(other).toEqual(['messageTypes[0]: bad type']);
  });

  it('starts a rule for a coverage path on the resource the segment\'s other rules fill', () => {
    const rules: MappingRule[] = [rule('a'), { id: 'obs', resource: 'observation', source: 'OBX-5', target: 'value' }];
    const resources = [{ key: 'report' }, { key: 'patient' }];
    expect(newRule(rules, resources, 'OBX-17[*]')).toEqual({ id: 'new-rule', resource: 'observation', source: 'OBX-17[*]', target: '' });
    expect(newRule(rules, resources, 'NTE-3').resource).toBe('report');
    expect(newRule([...rules, rule('new-rule')], resources).id).toBe('new-rule-2');
  });
});
