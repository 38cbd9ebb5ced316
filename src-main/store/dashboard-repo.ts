import type Database from 'better-sqlite3';

export interface DashboardConnectorRow {
  id: string;
  tenantId: string;
  name: string;
  protocol: string;
  direction: string;
  status: string;
  lastError: string | null;
}

export interface OpenAlertRow {
  id: string;
  connectorId: string | null;
  kind: string;
  severity: string;
  status: string;
  message: string;
  occurrences: number;
  raisedAt: number;
}

/** What the dashboard reads besides metrics: connectors, their latest health check and newest message, open alerts. */
export interface DashboardRepo {
  connectors(tenantId: string): DashboardConnectorRow[];
  /** The status of the connector's latest health check, if it has one. */
  latestHealthCheck(connectorId: string): { status: string; detail: string | null } | undefined;
  /** When the connector's newest message was received (the message log's connector index). */
  lastReceivedAt(tenantId: string, connectorId: string): number | null;
  /** Alerts open or acknowledged. */
  openAlerts(tenantId: string): OpenAlertRow[];
}

export function createDashboardRepo(sqlite: Database.Database): DashboardRepo {
  const connectors = sqlite.prepare(`SELECT id, tenant_id AS tenantId, name, protocol, direction, status, last_error AS lastError FROM interop_connectors WHERE tenant_id = ? ORDER BY name`);
  const latestCheck = sqlite.prepare(`SELECT status, detail FROM interface_health_checks WHERE connector_id = ? ORDER BY checked_at DESC LIMIT 1`);
  const lastReceived = sqlite.prepare(`SELECT max(received_at) FROM hl7_messages WHERE tenant_id = ? AND connector_id = ?`).pluck();
  const openAlerts = sqlite.prepare(`
    SELECT id, connector_id AS connectorId, kind, severity, status, message, occurrences, raised_at AS raisedAt FROM alerts
    WHERE tenant_id = ? AND status IN ('open', 'acknowledged')`);
  return {
    connectors: (tenantId) => connectors.all(tenantId) as DashboardConnectorRow[],
    latestHealthCheck: (connectorId) => latestCheck.get(connectorId) as { status: string; detail: string | null } | undefined,
    lastReceivedAt: (tenantId, connectorId) => (lastReceived.get(tenantId, connectorId) as number | null) ?? null,
    openAlerts: (tenantId) => openAlerts.all(tenantId) as OpenAlertRow[],
  };
}
