import { describe, expect, it } from 'vitest';
import { includeTargets } from './include-targets';
import { parseSearch } from './parse-search';
import { AppError } from '../../core/errors';

describe('includeTargets', () => {
  it('lists _include then _revinclude steps for the repository to load after the page', () => {
    const request = parseSearch('Observation', [
      ['_revinclude', 'DiagnosticReport:result'],
      ['_include', 'Observation:subject:Patient'],
    ]);
    if (request instanceof AppError) throw request;
    expect(includeTargets(request)).toEqual([
      { direction: 'include', sourceType: 'Observation', params: ['subject'], targetType: 'Patient', iterate: false },
      { direction: 'revinclude', sourceType: 'DiagnosticReport', params: ['result'], iterate: false },
    ]);
  });
});
