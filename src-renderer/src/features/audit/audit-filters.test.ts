import { describe, expect, it } from 'vitest';
import { auditEntryKind, auditFilterOf, detailsText, exportUrlOf } from './audit-filters';

describe('audit log filters', () => {
  it('reads the filters from the URL and leaves out a malformed date, an unknown outcome and blank terms', () => {
    const params = new URLSearchParams({ since: '2026-12-01T08:00:00.000Z', until: 'yesterday', actor: ' local:127.0.0.1 ', action: '', target: 'CONN_1', outcome: 'maybe' });
    expect(auditFilterOf(params)).toEqual({ since: '2026-12-01T08:00:00.000Z', actor: 'local:127.0.0.1', target: 'CONN_1' });
  });

  it('builds the export address with the format and the same filters', () => {
    expect(exportUrlOf({ action: 'connectors.update', outcome: 'ok' }, 'ndjson')).toBe('/api/v1/audit-events/export?format=ndjson&action=connectors.update&outcome=ok');
  });

  it('tells a request entry from a service change record and a named event', () => {
    expect(auditEntryKind({ action: 'connectors.update', targetType: 'connector' })).toBe('request');
    expect(auditEntryKind({ action: 'connector.update', targetType: 'connector' })).toBe('change');
    expect(auditEntryKind({ action: 'connector.pause_delivery', targetType: 'connector' })).toBe('change');
    expect(auditEntryKind({ action: 'fhir.export.download', targetType: 'bulk_export' })).toBe('event');
    expect(auditEntryKind({ action: 'secrets.rotateKey.resumed', targetType: null })).toBe('event');
  });

  it('shows details as names and counts on one line', () => {
    expect(detailsText({ fields: ['facilityId', 'name'], attempt: 2 })).toBe('fields: facilityId, name; attempt: 2');
    expect(detailsText(null)).toBe('');
  });
});
