import { describe, expect, it } from 'vitest';
import { clinicalDate, summaryOf } from './fhir-summary';

describe('summaryOf', () => {
  it('shows a Patient’s official name, birth date and gender', () => {
    const patient = { resourceType: 'Patient', name: [{ use: 'usual', given: ['Jim'] }, { use: 'official', family: 'Smith', given: ['James', 'T'] }], birthDate: '1980-02-03', gender: 'male' };
    expect(summaryOf(patient)).toBe('James T Smith · 1980-02-03 · male');
    expect(summaryOf({ resourceType: 'Patient', name: [{ text: 'Dr. Ann Lee' }] })).toBe('Dr. Ann Lee');
    expect(summaryOf({ resourceType: 'Patient' })).toBe('no name');
  });

  it('shows an Observation’s code, value and effective time', () => {
    const observation = { resourceType: 'Observation', code: { coding: [{ system: 'http://loinc.org', code: '718-7', display: 'Hemoglobin' }] }, valueQuantity: { value: 13.2, unit: 'g/dL' }, effectiveDateTime: '2024-05-01T10:00:00Z' };
    expect(summaryOf(observation)).toBe('Hemoglobin · 13.2 g/dL · 2024-05-01T10:00:00Z');
    expect(summaryOf({ resourceType: 'Observation', code: { text: 'Smoking status' }, valueCodeableConcept: { coding: [{ code: '8517006' }] } })).toBe('Smoking status · 8517006');
    expect(summaryOf({ resourceType: 'Observation', code: { text: 'Comment' }, valueString: 'see note' })).toBe('Comment · see note');
  });

  it('shows other types by type, code, status and date', () => {
    expect(summaryOf({ resourceType: 'Encounter', status: 'finished', period: { start: '2024-01-01' } })).toBe('Encounter · finished · 2024-01-01');
    expect(summaryOf({ resourceType: 'ServiceRequest', status: 'active', code: { text: 'CBC' }, authoredOn: '2024-02-02' })).toBe('ServiceRequest · CBC · active · 2024-02-02');
    expect(summaryOf({ resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] } })).toBe('Condition · active');
    expect(summaryOf({ resourceType: 'Organization', name: 'Riverside Lab' })).toBe('Riverside Lab');
  });

  it('finds the date in periods when there is no single date', () => {
    expect(clinicalDate({ resourceType: 'Observation', effectivePeriod: { start: '2024-03-03' } })).toBe('2024-03-03');
    expect(clinicalDate({ resourceType: 'Patient' })).toBeUndefined();
  });
});
