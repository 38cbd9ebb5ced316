import { ConnectorSettings, SECRET_MASK, type Connector, type HealthCheck } from '../api/contract';
import { isoTime } from '../core/clock';
import type { ConnectorRow, HealthCheckRow } from '../store/connectors-repo';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

/** The API view of a connector: secrets reduced to their key names, times as ISO strings. */
export function toConnectorDto(row: ConnectorRow, authKeys: readonly string[]): Connector {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    protocol: row.protocol as Connector['protocol'],
    direction: row.direction as Connector['direction'],
    host: row.host,
    port: row.port,
    tlsEnabled: row.tlsEnabled,
    authMode: row.authMode as Connector['authMode'],
    authConfig: authKeys.length === 0 ? null : Object.fromEntries(authKeys.map((k) => [k, SECRET_MASK] as const)),
    messageTypes: row.messageTypes,
    settings: ConnectorSettings.parse(row.settings),
    facilityId: row.facilityId,
    externalSystemId: row.externalSystemId,
    status: row.status as Connector['status'],
    lastError: row.lastError,
    controlIdReusedCount: row.controlIdReusedCount,
    activatedAt: isoOrNull(row.activatedAt),
    version: row.version,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

export const toHealthCheckDto = (row: HealthCheckRow): HealthCheck => ({
  id: row.id,
  connectorId: row.connectorId,
  checkedAt: isoTime(row.checkedAt),
  status: row.status as HealthCheck['status'],
  latencyMs: row.latencyMs,
  lastSuccessAt: isoOrNull(row.lastSuccessAt),
  lastFailureAt: isoOrNull(row.lastFailureAt),
  detail: row.detail,
});

/**
 * Merges an incoming auth config with the stored one: a value equal to SECRET_MASK means
 * "keep what is stored", so a form can round-trip masked values without ever seeing them.
 */
export function mergeAuthConfig(stored: Record<string, string> | null, incoming: Record<string, string> | null | undefined): Record<string, string> | null {
  if (incoming === undefined) return stored;
  if (incoming === null) return null;
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries(incoming)) {
    if (value === SECRET_MASK) {
      if (stored?.[key] !== undefined) merged[key] = stored[key];
    } else {
      merged[key] = value;
    }
  }
  return Object.keys(merged).length === 0 ? null : merged;
}
