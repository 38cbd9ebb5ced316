import type { UnmappedCoverage } from '@contract/mapping-profiles';
import { describe, expect, it } from 'vitest';
import { unmappedCountsByConnector } from './unmapped-counts';

const row = (connectorId: string, path: string, profileVersion = 1): UnmappedCoverage => ({ connectorId, profileId: 'HMP_1', profileName: 'ORU', profileVersion, path, messages: 3, occurrences: 4, lastSeenAt: '2026-01-01T00:00:00.000Z' });

describe('unmapped counts by connector', () => {
  it('counts each path once per connector across profile versions', () => {
    const counts = unmappedCountsByConnector([row('CONN_A', 'PID-13[2+]'), row('CONN_A', 'PID-13[2+]', 2), row('CONN_A', 'OBX-17'), row('CONN_B', 'OBX-17')]);
    expect(Object.fromEntries(counts)).toEqual({ CONN_A: 2, CONN_B: 1 });
  });
});
