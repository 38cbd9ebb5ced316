import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { MAX_JSON_DEPTH } from '../json-depth';
import { fhirAnswerOf } from '../outcome';
import { validateFhirResource } from '../validation/validate';
import { readFhirJson } from './fhir-json';

const deepPatient = (depth: number): Record<string, unknown> => {
  let extension: unknown = { url: 'http://example.org/leaf', valueString: 'deep' };
  for (let i = 0; i < depth; i++) extension = { url: 'http://example.org/nested', extension: [extension] };
  return { resourceType: 'Patient', extension: [extension] };
};

function refusal(fn: () => unknown): { status: number; code?: string } {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const answer = fhirAnswerOf(error);
    return { status: answer.status, code: answer.outcome.issue?.[0]?.code };
  }
  throw new Error('expected a refusal');
}

describe('reading a FHIR JSON body', () => {
  it('drops a byte-order mark and reads an empty body as none', () => {
    expect(readFhirJson('\uFEFF{"resourceType":"Patient"}')).toEqual({ resourceType: 'Patient' });
    expect(readFhirJson('  \n')).toBeUndefined();
  });

  it('refuses text that is not JSON with 400 structure', () => {
    expect(refusal(() => readFhirJson('{"resourceType":'))).toEqual({ status: 400, code: 'structure' });
  });

  it('refuses JSON nested deeper than the cap with 400 too-costly instead of overflowing the stack (found by the fuzzer)', () => {
    const deep = `{"resourceType":"Patient","extension":${'[{"url":"http://example.org/nested","extension":'.repeat(5_000)}[]${'}]'.repeat(5_000)}}`;
    expect(refusal(() => readFhirJson(deep))).toEqual({ status: 400, code: 'too-costly' });
    expect(readFhirJson(JSON.stringify(deepPatient(MAX_JSON_DEPTH / 2 - 5)))).toMatchObject({ resourceType: 'Patient' });
  });

  it('refuses a deeply nested resource in validation too, whatever carried it (found by the fuzzer)', () => {
    expect(refusal(() => validateFhirResource(deepPatient(5_000)))).toEqual({ status: 400, code: 'too-costly' });
  });
});
