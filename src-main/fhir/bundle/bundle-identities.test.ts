import { describe, expect, it } from 'vitest';
import { overlappingEntries, repeatedFullUrl } from './bundle-identities';

describe('overlapping transaction entries', () => {
  it('finds two conditional updates with the same criteria, in any parameter order, even when both would create', () => {
    const requests = [
      { method: 'PUT', url: 'Patient?identifier=urn:mrn|1&active=true' },
      { method: 'PUT', url: 'Observation?identifier=x|1' },
      { method: 'PUT', url: 'Patient?active=true&identifier=urn:mrn|1' },
    ];
    expect(overlappingEntries(requests, ['new-1', 'new-2', 'new-3'])).toEqual({ first: 0, second: 2, identity: 'Patient?active=true&identifier=urn:mrn|1' });
  });

  it('finds a conditional update that matched the resource another entry writes by id', () => {
    const requests = [
      { method: 'PUT', url: 'Patient?identifier=urn:mrn|1' },
      { method: 'DELETE', url: 'Patient/p1' },
    ];
    expect(overlappingEntries(requests, ['p1', undefined])).toEqual({ first: 0, second: 1, identity: 'Patient/p1' });
  });

  it('finds two conditional creates with the same ifNoneExist', () => {
    const requests = [
      { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=a|1' },
      { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=a|1' },
    ];
    expect(overlappingEntries(requests, ['n1', 'n2'])?.identity).toBe('Patient?identifier=a|1');
  });

  it('lets distinct writes and any number of reads of one resource through', () => {
    const requests = [
      { method: 'POST', url: 'Patient' },
      { method: 'POST', url: 'Patient' },
      { method: 'PUT', url: 'Observation/o1' },
      { method: 'GET', url: 'Observation/o1' },
      { method: 'GET', url: 'Observation/o1' },
      undefined,
    ];
    expect(overlappingEntries(requests, ['n1', 'n2', undefined, undefined, undefined, undefined])).toBeUndefined();
  });
});

describe('repeated fullUrls (bdl-7)', () => {
  it('finds the first two entries with the same fullUrl, unless their meta.versionId differ', () => {
    const a = 'urn:uuid:0b6b1b6e-0000-4000-8000-000000000001';
    expect(repeatedFullUrl([{ fullUrl: a }, {}, { fullUrl: 'urn:uuid:other' }, { fullUrl: a }])).toEqual({ first: 0, second: 3, fullUrl: a });
    expect(repeatedFullUrl([{ fullUrl: a, resource: { meta: { versionId: '1' } } }, { fullUrl: a, resource: { meta: { versionId: '2' } } }])).toBeUndefined();
    expect(repeatedFullUrl([{}, {}])).toBeUndefined();
  });
});
