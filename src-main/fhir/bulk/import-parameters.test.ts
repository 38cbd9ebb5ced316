import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { fhirAnswerOf } from '../outcome';
import { checkInputs, importInputs, localInputPath } from './import-parameters';

const importsDir = join('/data', 'imports');
const status = (work: () => unknown): number | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof AppError ? fhirAnswerOf(error).status : -1;
  }
  return undefined;
};

describe('importInputs', () => {
  it('reads each input type and url from the Parameters body', () => {
    const body = {
      resourceType: 'Parameters',
      parameter: [
        { name: 'inputFormat', valueCode: 'application/fhir+ndjson' },
        { name: 'input', part: [{ name: 'type', valueCode: 'Patient' }, { name: 'url', valueUri: 'patients.ndjson' }] },
        { name: 'input', part: [{ name: 'url', valueUrl: 'https://partner.example/obs.ndjson' }] },
      ],
    };
    expect(importInputs(body)).toEqual([
      { type: 'Patient', url: 'patients.ndjson' },
      { type: null, url: 'https://partner.example/obs.ndjson' },
    ]);
  });

  it('answers 400 for a body that is not Parameters, has no input, an input without url or another format', () => {
    expect(status(() => importInputs({ resourceType: 'Bundle' }))).toBe(400);
    expect(status(() => importInputs({ resourceType: 'Parameters', parameter: [] }))).toBe(400);
    expect(status(() => importInputs({ resourceType: 'Parameters', parameter: [{ name: 'input', part: [{ name: 'type', valueCode: 'Patient' }] }] }))).toBe(400);
    expect(status(() => importInputs({ resourceType: 'Parameters', parameter: [{ name: 'inputFormat', valueCode: 'text/csv' }, { name: 'input', part: [{ name: 'url', valueUri: 'a' }] }] }))).toBe(400);
  });
});

describe('localInputPath', () => {
  it('takes relative paths, absolute paths and file URLs inside the imports folder', () => {
    const inside = join(importsDir, 'sub', 'a.ndjson');
    expect(localInputPath(importsDir, 'sub/a.ndjson')).toBe(inside);
    expect(localInputPath(importsDir, inside)).toBe(inside);
    expect(localInputPath(importsDir, pathToFileURL(inside).href)).toBe(inside);
  });

  it('refuses anything that leaves the imports folder', () => {
    for (const url of ['../interop.db', '/data/interop.db', 'file:///data/secret.key', '', '.', 'sub/../../x']) expect(status(() => localInputPath(importsDir, url)), url).toBe(400);
  });
});

describe('checkInputs', () => {
  it('lets http(s) URLs through and refuses other schemes', () => {
    expect(status(() => checkInputs(importsDir, [{ type: null, url: 'HTTPS://partner.example/a.ndjson' }, { type: null, url: 'a.ndjson' }]))).toBeUndefined();
    expect(status(() => checkInputs(importsDir, [{ type: null, url: 'sftp://partner.example/a.ndjson' }]))).toBe(400);
  });
});
