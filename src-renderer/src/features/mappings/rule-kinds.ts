import type { FhirMappingRule } from '@contract/fhir-mapping-profiles';
import type { MappingRule, MappingTransform } from '@contract/mapping-profiles';
import { FHIR_CONDITION_OPS, HL7_CONDITION_OPS } from './rule-condition';
import { fhirRuleFromForm, ruleFromForm, type EditableRule, type FormResult, type RuleFormValues } from './rule-form-values';

/** What differs between the two directions' rules where the rules table and the rule form show and edit them. */
export interface RuleKind<R extends EditableRule> {
  /** The template a rule fills: a resource (v2 → FHIR) or a segment (FHIR → v2). */
  ownerLabel: string;
  ownerOf: (rule: R) => string;
  sourceDescription: string;
  targetDescription: string;
  conditionDescription: string;
  fromForm: (values: RuleFormValues, base: R | null, transforms: readonly MappingTransform[]) => FormResult<R>;
}

export const HL7_RULES: RuleKind<MappingRule> = {
  ownerLabel: 'Resource',
  ownerOf: (rule) => rule.resource,
  sourceDescription: 'HL7 path read: PID-5.1, OBX-5, PID-3[*]',
  targetDescription: 'FHIR path written: name[0].family, status',
  conditionDescription: `Applied only when this holds, e.g. OBX-2 in NM, SN; OBX-5 valued or OBX-3 empty (ops: ${HL7_CONDITION_OPS.join(', ')}; ";" joins clauses that must all hold, "or" alternatives)`,
  fromForm: ruleFromForm,
};

export const FHIR_RULES: RuleKind<FhirMappingRule> = {
  ownerLabel: 'Segment',
  ownerOf: (rule) => rule.segment,
  sourceDescription: 'FHIR path read from the segment\'s resource: name[*], telecom[use=work], value[x]',
  targetDescription: 'HL7 field written: PID-8, PID-5.7, PID-3[*], PID-13[+]',
  conditionDescription: `Applied only when this holds, e.g. gender in male, female; deceasedDateTime exists (ops: ${FHIR_CONDITION_OPS.join(', ')})`,
  fromForm: fhirRuleFromForm,
};
