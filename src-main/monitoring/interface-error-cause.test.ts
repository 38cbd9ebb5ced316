import { describe, expect, it } from 'vitest';
import { interfaceErrorCause, positionIn } from './interface-error-cause';

const rule = { kind: 'rule', profileId: 'HMP_01', profileName: 'ORU default', profileVersion: 3, ruleId: 'obx-value', source: 'OBX-5', target: 'Observation.valueQuantity' } as const;

describe('interfaceErrorCause', () => {
  it('names a failed mapping rule by profile version, rule, source and target, whatever the message said about the value', () => {
    const one = interfaceErrorCause('INTEROP_MAPPING_RULE_FAILED', 'MAP_NOT_A_NUMBER: expected a number', rule);
    const other = interfaceErrorCause('INTEROP_MAPPING_RULE_FAILED', 'MAP_NO_UNIT: something else entirely', rule);
    expect(one.label).toBe('INTEROP_MAPPING_RULE_FAILED · ORU default v3 · rule obx-value OBX-5→Observation.valueQuantity');
    expect(one.key).toBe('INTEROP_MAPPING_RULE_FAILED · HMP_01 v3 · rule obx-value OBX-5→Observation.valueQuantity');
    expect(other).toEqual(one);
  });

  it('keeps two versions of a profile, and two rules, apart', () => {
    const v3 = interfaceErrorCause('INTEROP_MAPPING_RULE_FAILED', '', rule).key;
    expect(interfaceErrorCause('INTEROP_MAPPING_RULE_FAILED', '', { ...rule, profileVersion: 4 }).key).not.toBe(v3);
    expect(interfaceErrorCause('INTEROP_MAPPING_RULE_FAILED', '', { ...rule, ruleId: 'obx-code' }).key).not.toBe(v3);
  });

  it('groups messages refused for the same field under the code and the field, not the rest of the text', () => {
    const a = interfaceErrorCause('HL7_HEADER_REJECTED', 'MSH-9 message type is empty');
    const b = interfaceErrorCause('HL7_HEADER_REJECTED', 'MSH-9 message type is empty; processing id T is not accepted');
    expect(a.label).toBe('HL7_HEADER_REJECTED · MSH-9');
    expect(b.key).toBe(a.key);
    expect(interfaceErrorCause('HL7_HEADER_REJECTED', 'MSH-12 version id is empty').key).not.toBe(a.key);
  });

  it('is the code alone when the text names no position, so a message full of values never reaches the cause', () => {
    expect(interfaceErrorCause('INTEROP_PROCESSING_CRASHED', 'the processing thread ended twice on SMITH^JOHN 1970')).toEqual({
      key: 'INTEROP_PROCESSING_CRASHED',
      label: 'INTEROP_PROCESSING_CRASHED',
    });
  });

  it('names an outbound destination by its id and a run error by its job and the position it names', () => {
    expect(interfaceErrorCause('OUTBOUND_ACK_REJECTED', 'AR from the peer', { kind: 'destination', id: 'CONN_1' })).toEqual({
      key: 'OUTBOUND_ACK_REJECTED · CONN_1',
      label: 'OUTBOUND_ACK_REJECTED · destination CONN_1',
    });
    expect(interfaceErrorCause('FHIR_VALIDATION', 'The resource was refused: value at Patient.birthDate', { kind: 'job', id: 'JOB_1' }).label).toBe('FHIR_VALIDATION · job JOB_1 · Patient.birthDate');
    expect(interfaceErrorCause('MAP_BAD_DATE', 'column birth_date: not a date', { kind: 'batch', format: 'csv' }).label).toBe('MAP_BAD_DATE · csv import');
  });
});

describe('positionIn', () => {
  it('finds HL7 positions with repetitions and components, then FHIR element paths', () => {
    expect(positionIn('segment OBX[2]-5.1 is not a number')).toBe('OBX[2]-5.1');
    expect(positionIn('PID-3 is empty')).toBe('PID-3');
    expect(positionIn('structure at Observation.code.coding')).toBe('Observation.code.coding');
    expect(positionIn('the message is empty')).toBeUndefined();
  });
});
