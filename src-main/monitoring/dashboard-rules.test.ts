import { describe, expect, it } from 'vitest';
import { bySeverityThenNewest, connectorHealth, countSeverities, type HealthFacts } from './dashboard-rules';

const active: HealthFacts = { status: 'active', check: undefined, listener: undefined, offlineSince: undefined, lastDeliveredAt: null };

describe('dashboard rules', () => {
  it('calls a connector that is not active unknown, whatever its last check said', () => {
    expect(connectorHealth({ ...active, status: 'inactive', check: { status: 'healthy', detail: null } })).toEqual({ health: 'unknown', reason: 'the connector is inactive' });
  });

  it('takes the latest health check first, in either vocabulary', () => {
    expect(connectorHealth({ ...active, check: { status: 'down', detail: 'connection refused' }, listener: { state: 'listening', error: null } })).toEqual({ health: 'unhealthy', reason: 'connection refused' });
    expect(connectorHealth({ ...active, check: { status: 'degraded', detail: null } }).health).toBe('degraded');
    expect(connectorHealth({ ...active, check: { status: 'healthy', detail: null } }).health).toBe('healthy');
  });

  it('without a check: a failed listener or an unreachable destination is unhealthy, a listening one or a destination that took a delivery healthy', () => {
    expect(connectorHealth({ ...active, listener: { state: 'failed', error: 'port in use' } })).toEqual({ health: 'unhealthy', reason: 'port in use' });
    expect(connectorHealth({ ...active, offlineSince: 1, lastDeliveredAt: 0 }).health).toBe('unhealthy');
    expect(connectorHealth({ ...active, listener: { state: 'listening', error: null } }).health).toBe('healthy');
    expect(connectorHealth({ ...active, lastDeliveredAt: 5 }).health).toBe('healthy');
    expect(connectorHealth(active).health).toBe('unknown');
  });

  it('orders alerts most severe first, then newest, and counts them by severity', () => {
    const alerts = [
      { id: 'a', severity: 'warning', raisedAt: 3 },
      { id: 'b', severity: 'critical', raisedAt: 1 },
      { id: 'c', severity: 'critical', raisedAt: 2 },
      { id: 'd', severity: 'info', raisedAt: 9 },
    ];
    expect([...alerts].sort(bySeverityThenNewest).map((a) => a.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(countSeverities(alerts)).toEqual({ info: 1, warning: 1, error: 0, critical: 2 });
  });
});
