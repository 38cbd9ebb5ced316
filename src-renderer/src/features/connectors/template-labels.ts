import type { ConnectorCategory, ConnectorDefinitionStatistics, SyncStrategy } from '@contract/connector-definitions';

export const categoryLabels: Record<ConnectorCategory, string> = {
  ehr: 'EHR',
  laboratory: 'Laboratory',
  adt: 'Patient administration',
  radiology: 'Radiology',
  'public-health': 'Public health',
  pharmacy: 'Pharmacy',
  payer: 'Payer / eligibility',
  commerce: 'E-commerce / payments',
};

export const syncStrategyLabels: Record<SyncStrategy, string> = {
  realtime: 'Real time',
  'store-and-forward': 'Store and forward',
  'scheduled-poll': 'Scheduled poll',
  bulk: 'Bulk',
};

/** "2 connectors · 1 active · last 24 h: 40 received, 0 sent, 2.5 % errors". */
export function statisticsLine(s: ConnectorDefinitionStatistics): string {
  if (s.connectors === 0) return 'Not used yet';
  const made = `${s.connectors} connector${s.connectors === 1 ? '' : 's'} · ${s.active} active`;
  const rate = s.last24h.errorRate === null ? 'no traffic' : `${(s.last24h.errorRate * 100).toFixed(1)} % errors`;
  return `${made} · last 24 h: ${s.last24h.received} received, ${s.last24h.sent} sent, ${rate}`;
}
