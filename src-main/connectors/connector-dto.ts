import { CommonSettings, ConnectorSettings, FhirRestSenderSettings, MllpSenderSettings, SECRET_MASK, SftpSettings, isFhirRestSender, isListener, isMllpSender, isSecretAuthKey, type Connector, type ConnectorRuntime, type HealthCheck } from '../../src-shared';
import { isoTime } from '../core/clock';
import type { ConnectorRow, HealthCheckRow } from '../store/connectors-repo';

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : isoTime(ms));

/** The API view of a connector: secret values masked, times as ISO strings, settings only for listeners. */
export function toConnectorDto(row: ConnectorRow, auth: Readonly<Record<string, string>> | null, runtime: ConnectorRuntime | null): Connector {
  const shape = { protocol: row.protocol as Connector['protocol'], direction: row.direction as Connector['direction'] };
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    ...shape,
    host: row.host,
    port: row.port,
    tlsEnabled: row.tlsEnabled,
    authMode: row.authMode as Connector['authMode'],
    authConfig: maskedAuthConfig(auth),
    messageTypes: row.messageTypes,
    settings: settingsOf(shape, row.settings),
    facilityId: row.facilityId,
    externalSystemId: row.externalSystemId,
    status: row.status as Connector['status'],
    lastError: row.lastError,
    runtime: row.status === 'active' && isListener(shape) ? runtime : null,
    controlIdReusedCount: row.controlIdReusedCount,
    activatedAt: isoOrNull(row.activatedAt),
    version: row.version,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

function maskedAuthConfig(auth: Readonly<Record<string, string>> | null): Record<string, string> | null {
  if (!auth || Object.keys(auth).length === 0) return null;
  return Object.fromEntries(Object.entries(auth).map(([key, value]) => [key, isSecretAuthKey(key) ? SECRET_MASK : value] as const));
}

/** A connector's settings with their defaults: a listener's, an MLLP or FHIR REST sender's, an SFTP connector's, or only the monitoring ones. */
function settingsOf(c: Pick<Connector, 'protocol' | 'direction'>, settings: Record<string, unknown>): Connector['settings'] {
  if (isListener(c)) return ConnectorSettings.parse(settings);
  if (isMllpSender(c)) return MllpSenderSettings.parse(settings);
  if (isFhirRestSender(c)) return FhirRestSenderSettings.parse(settings);
  return c.protocol === 'sftp' ? SftpSettings.parse(settings) : CommonSettings.parse(settings);
}

/**
 * The settings to store (stored ones, then the request's, then defaults): listener settings for an MLLP
 * listener, sender settings for an MLLP or FHIR REST sender, folder settings for an SFTP connector; none
 * for any other connector. Keys of another kind (left from before a protocol or direction change) are dropped.
 */
export function settingsToStore(c: Pick<Connector, 'protocol' | 'direction'>, stored: Record<string, unknown>, incoming: Record<string, unknown> | undefined): Record<string, unknown> {
  return settingsOf(c, { ...stored, ...incoming });
}

export const toHealthCheckDto = (row: HealthCheckRow): HealthCheck => ({
  id: row.id,
  connectorId: row.connectorId,
  checkedAt: isoTime(row.checkedAt),
  status: row.status as HealthCheck['status'],
  latencyMs: row.latencyMs,
  availability: row.availability,
  consecutiveFailures: row.consecutiveFailures,
  lastSuccessAt: isoOrNull(row.lastSuccessAt),
  lastFailureAt: isoOrNull(row.lastFailureAt),
  reasonCode: row.reasonCode,
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
