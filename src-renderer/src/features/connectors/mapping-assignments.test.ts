import { describe, expect, it } from 'vitest';
import { assignmentErrors, assignmentsOf, recordOf } from './mapping-assignments';

describe('mapping profile assignments of a connector', () => {
  it('turns the stored settings into rows and back, upper-casing types and dropping blank rows', () => {
    const rows = assignmentsOf({ 'VXU^V04': 'HMP_B', 'ORU^R01': 'HMP_A' });
    expect(rows).toEqual([
      { messageType: 'ORU^R01', profileId: 'HMP_A' },
      { messageType: 'VXU^V04', profileId: 'HMP_B' },
    ]);
    expect(recordOf([...rows, { messageType: ' adt^a01 ', profileId: 'HMP_C' }, { messageType: '', profileId: null }])).toEqual({ 'ORU^R01': 'HMP_A', 'VXU^V04': 'HMP_B', 'ADT^A01': 'HMP_C' });
    expect(assignmentsOf(undefined)).toEqual([]);
  });

  it('says what is wrong with a half-filled row or a type assigned twice', () => {
    expect(assignmentErrors([{ messageType: 'ORU^R01', profileId: null }])).toBe('Pick a mapping profile for ORU^R01');
    expect(assignmentErrors([{ messageType: '', profileId: 'HMP_A' }])).toBe('Each mapping profile needs the message type it converts, such as ORU^R01');
    expect(assignmentErrors([{ messageType: 'oru^r01', profileId: 'HMP_A' }, { messageType: 'ORU^R01', profileId: 'HMP_B' }])).toBe('ORU^R01 is assigned twice');
    expect(assignmentErrors([{ messageType: '', profileId: null }, { messageType: 'ORU^R01', profileId: 'HMP_A' }])).toBeNull();
  });
});
