import type { OutboundRoute } from '@contract/outbound';
import { describe, expect, it } from 'vitest';
import { destinationsBySource } from './route-destinations';

const route = (id: string, source: string, destination: string, enabled = true): OutboundRoute => ({
  id,
  tenantId: 't',
  name: id,
  sourceConnectorId: source,
  destinationConnectorId: destination,
  filter: {},
  payload: { kind: 'raw' },
  laneBy: 'destination',
  enabled,
  version: 1,
  createdAt: '',
  updatedAt: '',
});

describe('destinations by source', () => {
  it('names each destination of a source once, leaves out disabled routes, and falls back to the id for an unknown name', () => {
    const names = new Map([['D1', 'EHR'], ['D2', 'HIE']]);
    const bySource = destinationsBySource([route('a', 'S1', 'D1'), route('b', 'S1', 'D1'), route('c', 'S1', 'D2', false), route('d', 'S2', 'D3')], names);
    expect(bySource.get('S1')).toEqual(['EHR']);
    expect(bySource.get('S2')).toEqual(['D3']);
  });
});
