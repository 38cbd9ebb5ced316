import { describe, expect, it } from 'vitest';
import { FHIR_CONDITION_OPS, HL7_CONDITION_OPS } from './rule-condition';
import { FHIR_RULES, HL7_RULES } from './rule-kinds';

describe('the rule form’s condition hint', () => {
  it('names every operator the condition takes, and how HL7 v2 clauses are joined', () => {
    for (const op of HL7_CONDITION_OPS) expect(HL7_RULES.conditionDescription).toMatch(new RegExp(`\\b${op}\\b`));
    for (const op of FHIR_CONDITION_OPS) expect(FHIR_RULES.conditionDescription).toMatch(new RegExp(`\\b${op}\\b`));
    expect(HL7_RULES.conditionDescription).toContain('"or" alternatives');
  });
});
