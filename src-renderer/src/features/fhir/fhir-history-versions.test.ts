import { describe, expect, it } from 'vitest';
import { historyVersions } from './fhir-history-versions';

describe('historyVersions', () => {
  it('lists each version with its method, and a deletion by its etag without a resource', () => {
    const versions = historyVersions({
      resourceType: 'Bundle',
      type: 'history',
      entry: [
        { request: { method: 'DELETE', url: 'Patient/1' }, response: { status: '204', etag: 'W/"3"', lastModified: '2024-01-03T00:00:00.000Z' } },
        { resource: { resourceType: 'Patient', id: '1', meta: { versionId: '2', lastUpdated: '2024-01-02T00:00:00.000Z' } }, request: { method: 'PUT', url: 'Patient/1' } },
        { resource: { resourceType: 'Patient', id: '1', meta: { versionId: '1', lastUpdated: '2024-01-01T00:00:00.000Z' } }, request: { method: 'POST', url: 'Patient/1' } },
      ],
    });
    expect(versions.map(({ versionId, method, lastUpdated }) => [versionId, method, lastUpdated])).toEqual([
      ['3', 'DELETE', '2024-01-03T00:00:00.000Z'],
      ['2', 'PUT', '2024-01-02T00:00:00.000Z'],
      ['1', 'POST', '2024-01-01T00:00:00.000Z'],
    ]);
    expect(versions[0]?.resource).toBeUndefined();
    expect(versions[2]?.resource?.id).toBe('1');
  });

  it('is empty without a bundle', () => {
    expect(historyVersions(undefined)).toEqual([]);
  });
});
