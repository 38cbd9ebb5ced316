import type { Parameters, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { applyFhirPathPatch, readFhirPathPatch } from './fhirpath-patch';

type Part = NonNullable<Parameters['parameter']>[number];
const op = (...parts: Part[]): Part => ({ name: 'operation', part: parts });
const patchOf = (...operations: Part[]): Parameters => ({ resourceType: 'Parameters', parameter: operations });
const type = (valueCode: string): Part => ({ name: 'type', valueCode });
const path = (valueString: string): Part => ({ name: 'path', valueString });

const patient = (): Patient => ({
  resourceType: 'Patient',
  id: 'p1',
  gender: 'male',
  name: [{ family: 'Ng', given: ['Ada'] }, { use: 'nickname', family: 'Ace' }],
  extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race', extension: [{ url: 'ombCategory', valueCoding: { code: '2106-3' } }, { url: 'text', valueString: 'White' }] }],
});
const apply = (...operations: Part[]) => applyFhirPathPatch(patient(), readFhirPathPatch(patchOf(...operations))) as Patient;
const status = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? fhirAnswerOf(error).status : 'not an AppError';
  }
  return 'no error';
};

describe('FHIRPath Patch', () => {
  it('replaces a primitive and leaves the input untouched', () => {
    const input = patient();
    const result = applyFhirPathPatch(input, readFhirPathPatch(patchOf(op(type('replace'), path('Patient.gender'), { name: 'value', valueCode: 'female' }))));
    expect(result).toMatchObject({ gender: 'female' });
    expect(input.gender).toBe('male');
  });

  it('replaces a choice value found through where() filters (the corpus race patch)', () => {
    const result = apply(op(type('replace'), path("Patient.extension.where(url = 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race').extension.where(url = 'ombCategory').value"), { name: 'value', valueCoding: { code: '2054-5' } }));
    expect(result.extension?.[0]?.extension?.[0]).toEqual({ url: 'ombCategory', valueCoding: { code: '2054-5' } });
  });

  it('changes the type of a choice element on replace', () => {
    const result = apply(op(type('replace'), path("Patient.extension.extension.where(url = 'text').value"), { name: 'value', valueCode: 'W' }));
    expect(result.extension?.[0]?.extension?.[1]).toEqual({ url: 'text', valueCode: 'W' });
  });

  it('adds to a repeating element, and builds complex values from parts', () => {
    const result = apply(op(type('add'), path('Patient'), { name: 'name', valueString: 'name' }, { name: 'value', part: [{ name: 'family', valueString: 'Lee' }, { name: 'given', valueString: 'Bo' }, { name: 'given', valueString: 'Jo' }] }));
    expect(result.name?.[2]).toEqual({ family: 'Lee', given: ['Bo', 'Jo'] });
  });

  it('adds a missing single element, and refuses to add over an existing one', () => {
    expect(apply(op(type('add'), path('Patient'), { name: 'name', valueString: 'birthDate' }, { name: 'value', valueDate: '1980-02-03' })).birthDate).toBe('1980-02-03');
    expect(status(() => apply(op(type('add'), path('Patient'), { name: 'name', valueString: 'gender' }, { name: 'value', valueCode: 'female' })))).toBe(422);
    expect(status(() => apply(op(type('add'), path('Patient'), { name: 'name', valueString: 'nonsense' }, { name: 'value', valueCode: 'x' })))).toBe(422);
  });

  it('inserts and moves within a list', () => {
    const inserted = apply(op(type('insert'), path('Patient.name'), { name: 'index', valueInteger: 0 }, { name: 'value', part: [{ name: 'family', valueString: 'First' }] }));
    expect(inserted.name?.map((n) => n.family)).toEqual(['First', 'Ng', 'Ace']);
    const moved = apply(op(type('move'), path('Patient.name'), { name: 'source', valueInteger: 1 }, { name: 'destination', valueInteger: 0 }));
    expect(moved.name?.map((n) => n.family)).toEqual(['Ace', 'Ng']);
    expect(status(() => apply(op(type('move'), path('Patient.name'), { name: 'source', valueInteger: 5 }, { name: 'destination', valueInteger: 0 })))).toBe(422);
  });

  it('deletes a selected element or a member, and deleting nothing is not an error', () => {
    expect(apply(op(type('delete'), path("Patient.name.where(use = 'nickname')"))).name).toEqual([{ family: 'Ng', given: ['Ada'] }]);
    expect(apply(op(type('delete'), path('Patient.gender'))).gender).toBeUndefined();
    expect(apply(op(type('delete'), path("Patient.name.where(use = 'official')"))).name).toHaveLength(2);
  });

  it('refuses ambiguous targets with 422 and malformed documents with 400', () => {
    expect(status(() => apply(op(type('replace'), path('Patient.name'), { name: 'value', part: [{ name: 'family', valueString: 'X' }] })))).toBe(422);
    expect(status(() => apply(op(type('replace'), path('Patient.birthDate'), { name: 'value', valueDate: '2000-01-01' })))).toBe(422);
    expect(status(() => readFhirPathPatch({ resourceType: 'Patient' }))).toBe(400);
    expect(status(() => readFhirPathPatch(patchOf(op(type('upsert'), path('Patient.gender')))))).toBe(400);
    expect(status(() => readFhirPathPatch(patchOf(op(type('replace'), path('Patient.gender')))))).toBe(400);
  });
});
