import { describe, expect, it } from 'vitest';
import type { BulkExportJob } from './bulk-export-service';
import { exportJobView, kickOffUrl } from './bulk-export-view';

const HOUR = 3_600_000;
const job = (overrides: Partial<BulkExportJob> = {}): BulkExportJob => ({
  id: 'BEX_01ARZ3NDEKTSV4RRFFQ69G5FAV',
  tenantId: 'TEN_DEFAULT',
  level: 'system',
  groupId: null,
  types: null,
  since: null,
  status: 'complete',
  progress: 3,
  requestUrl: '/fhir/R4/$export',
  prunedAt: null,
  parts: [
    { type: 'Patient', total: 3, count: 3, bytes: 90, after: 'p3', done: true },
    { type: 'Observation', total: 0, count: 0, bytes: 0, after: null, done: true },
  ],
  error: null,
  expiresAt: 10 * HOUR,
  completedAt: 9 * HOUR,
  createdAt: 8 * HOUR,
  total: 3,
  ...overrides,
});

describe('exportJobView', () => {
  it('links each non-empty file of a complete export while its links are valid', () => {
    const view = exportJobView(job(), 9.5 * HOUR, '/fhir/R4');
    expect(view.expired).toBe(false);
    expect(view.files).toEqual([
      { type: 'Patient', count: 3, total: 3, url: '/fhir/R4/$export-file/BEX_01ARZ3NDEKTSV4RRFFQ69G5FAV/Patient' },
      { type: 'Observation', count: 0, total: 0, url: null },
    ]);
    expect(view).toMatchObject({ createdAt: new Date(8 * HOUR).toISOString(), completedAt: new Date(9 * HOUR).toISOString(), since: null });
  });

  it('drops the links once they expire and gives none while the export runs', () => {
    const expired = exportJobView(job(), 10 * HOUR, '/fhir/R4');
    expect(expired.expired).toBe(true);
    expect(expired.files.map((f) => f.url)).toEqual([null, null]);
    const running = exportJobView(job({ status: 'in-progress', expiresAt: null, completedAt: null }), 9 * HOUR, '/fhir/R4');
    expect(running.expired).toBe(false);
    expect(running.files.map((f) => f.url)).toEqual([null, null]);
  });
});

describe('kickOffUrl', () => {
  it('names the level’s $export endpoint with _type and _since as the FHIR kick-off would', () => {
    expect(kickOffUrl('/fhir/R4', { level: 'system' })).toBe('/fhir/R4/$export');
    expect(kickOffUrl('/fhir/R4', { level: 'patient', types: ['Patient', 'Observation'], since: '2024-01-01T00:00:00.000Z' })).toBe(
      '/fhir/R4/Patient/$export?_type=Patient%2CObservation&_since=2024-01-01T00%3A00%3A00.000Z',
    );
    expect(kickOffUrl('/fhir/R4', { level: 'group', groupId: 'g1' })).toBe('/fhir/R4/Group/g1/$export');
  });
});
