import { describe, expect, it } from 'vitest';
import { isBrowsedType, offsetOfLink, pageQuery, paramValue, quickFieldsOf, withParam } from './fhir-query';

describe('quick fields', () => {
  it('offers the common parameters of Patient, Observation and the rest', () => {
    expect(quickFieldsOf('Patient').map((f) => f.name)).toEqual(['identifier', 'family', 'given', 'birthdate', 'gender']);
    expect(quickFieldsOf('Observation').map((f) => f.name)).toEqual(['patient', 'code', 'date', 'status']);
    expect(quickFieldsOf('Encounter').map((f) => f.name)).toEqual(['patient', 'status', 'date']);
  });

  it('knows which types it browses', () => {
    expect(isBrowsedType('Immunization')).toBe(true);
    expect(isBrowsedType('Bundle')).toBe(false);
    expect(isBrowsedType(null)).toBe(false);
  });
});

describe('query composition', () => {
  it('sets a parameter in place, appends a new one and removes a blank one', () => {
    expect(withParam('family=smith&_count=20', 'family', 'jones')).toBe('family=jones&_count=20');
    expect(withParam('family=smith', 'birthdate', 'ge1980')).toBe('family=smith&birthdate=ge1980');
    expect(withParam('family=smith&gender=male', 'family', '  ')).toBe('gender=male');
    expect(withParam('', 'family', 'smith')).toBe('family=smith');
  });

  it('keeps modifiers apart from the plain parameter and drops repeats of the one it sets', () => {
    expect(withParam('family:exact=Smith&family=x&family=y', 'family', 'z')).toBe('family:exact=Smith&family=z');
  });

  it('escapes only what would change the meaning, and reads values back as typed', () => {
    const query = withParam('', 'code', 'http://loinc.org|718-7');
    expect(query).toBe('code=http://loinc.org|718-7');
    expect(paramValue(query, 'code')).toBe('http://loinc.org|718-7');
    const date = withParam('', 'date', 'ge2024-01-01T00:00:00+01:00');
    expect(date).toBe('date=ge2024-01-01T00:00:00%2B01:00');
    expect(paramValue(date, 'date')).toBe('ge2024-01-01T00:00:00+01:00');
    expect(paramValue('name=a%26b', 'name')).toBe('a&b');
    expect(paramValue('family=smith', 'given')).toBe('');
  });

  it('pages by replacing any _offset and leaves the first page without one', () => {
    expect(pageQuery('family=smith&_offset=5', 40)).toBe('family=smith&_offset=40');
    expect(pageQuery('family=smith&_offset=5', 0)).toBe('family=smith');
  });

  it('reads the offset from a Bundle link', () => {
    expect(offsetOfLink('/fhir/R4/Patient?family=smith&_count=20&_offset=20')).toBe(20);
    expect(offsetOfLink('/fhir/R4/Patient?family=smith')).toBe(0);
    expect(offsetOfLink(undefined)).toBeNull();
  });
});
