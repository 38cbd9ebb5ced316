import { describe, expect, it } from 'vitest';
import { driverFilterIndex } from './driver-filter';
import { AppError } from '../../core/errors';
import { parseSearch } from '../../fhir/search';

const filtersOf = (type: string, params: [string, string][]) => {
  const parsed = parseSearch(type, params);
  if (parsed instanceof AppError) throw parsed;
  return parsed.filters;
};

describe('driverFilterIndex', () => {
  it('prefers _id, then references, then coded tokens, then strings, then dates', () => {
    expect(driverFilterIndex(filtersOf('Observation', [['date', 'ge2024'], ['code', 'http://loinc.org|8867-4'], ['patient', 'Patient/1']]))).toBe(2);
    expect(driverFilterIndex(filtersOf('Observation', [['date', 'ge2024'], ['code', 'http://loinc.org|8867-4']]))).toBe(1);
    expect(driverFilterIndex(filtersOf('Patient', [['birthdate', 'ge1990'], ['family', 'Sm'], ['_id', 'x']]))).toBe(2);
    expect(driverFilterIndex(filtersOf('Patient', [['birthdate', 'ge1990'], ['family', 'Sm']]))).toBe(1);
  });

  it('never drives from a :not or :missing filter, and ranks a filter by its widest alternative', () => {
    expect(driverFilterIndex(filtersOf('Patient', [['gender:not', 'male'], ['gender:missing', 'true']]))).toBeUndefined();
    expect(driverFilterIndex(filtersOf('Patient', [['gender:not', 'male'], ['birthdate', 'ge2000']]))).toBe(1);
    expect(driverFilterIndex(filtersOf('Observation', [['code:text', 'glucose'], ['patient', 'Patient/1']]))).toBe(1);
  });
});
