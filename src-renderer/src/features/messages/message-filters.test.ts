import { describe, expect, it } from 'vitest';
import { describeFilters, filterKey, filtersFromParams, hasFilters, instantOfLocalInput, localInputValue, withFilter, withoutFilters } from './message-filters';

const CONN = 'CONN_01HZY3Q7W8XK4V5N6M7P8R9T0S';

describe('message filters in the address', () => {
  it('reads every filter from its short parameter name', () => {
    const params = new URLSearchParams({ connector: CONN, type: 'ADT^A01', status: 'failed', from: '2026-01-02T03:04:05.000Z', to: '2026-01-03T00:00:00.000Z', q: ' doe ' });
    expect(filtersFromParams(params)).toEqual({ connectorId: CONN, messageType: 'ADT^A01', status: 'failed', from: '2026-01-02T03:04:05.000Z', to: '2026-01-03T00:00:00.000Z', q: 'doe' });
  });

  it('drops values the engine would refuse instead of failing the whole list', () => {
    const params = new URLSearchParams({ connector: 'CONN_nope', status: 'lost', from: 'yesterday', q: 'x'.repeat(201), type: '' });
    expect(filtersFromParams(params)).toEqual({});
  });

  it('sets and clears one filter while keeping the others and unrelated parameters', () => {
    const start = new URLSearchParams({ status: 'failed', tab: 'raw' });
    const set = withFilter(start, 'messageType', ' ORU^R01 ');
    expect(set.toString()).toBe('status=failed&tab=raw&type=ORU%5ER01');
    expect(withFilter(set, 'status', null).toString()).toBe('tab=raw&type=ORU%5ER01');
    expect(withFilter(set, 'q', '   ').get('q')).toBeNull();
    expect(withoutFilters(set).toString()).toBe('tab=raw');
    expect(start.toString()).toBe('status=failed&tab=raw');
  });

  it('gives equal keys for equal filters and tells whether any is set', () => {
    expect(filterKey({ status: 'failed', q: 'doe' })).toBe(filterKey({ q: 'doe', status: 'failed' }));
    expect(filterKey({ status: 'failed' })).not.toBe(filterKey({}));
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ to: '2026-01-01T00:00:00.000Z' })).toBe(true);
  });
});

describe('date-time inputs', () => {
  it('round-trips a local input value through an ISO instant', () => {
    const iso = instantOfLocalInput('2026-03-14T09:26');
    expect(iso).toBe(new Date(2026, 2, 14, 9, 26).toISOString());
    expect(localInputValue(iso)).toBe('2026-03-14T09:26');
    expect(localInputValue(new Date(2026, 2, 14, 9, 26, 53).toISOString())).toBe('2026-03-14T09:26:53');
  });

  it('treats blank and invalid values as unset', () => {
    expect(instantOfLocalInput('')).toBeUndefined();
    expect(instantOfLocalInput('not a date')).toBeUndefined();
    expect(localInputValue(undefined)).toBe('');
  });
});

describe('describeFilters', () => {
  it('names each filter in use, the connector by its name', () => {
    const lines = describeFilters({ connectorId: CONN, status: 'dead_lettered', q: 'MSG001' }, (id) => (id === CONN ? 'ADT in' : id));
    expect(lines).toEqual(['Connector: ADT in', 'Status: dead-lettered', 'Search: “MSG001”']);
    expect(describeFilters({}, String)).toEqual([]);
  });
});
