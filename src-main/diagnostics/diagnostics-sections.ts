import type { Alert, Connector, InterfaceErrorGroup } from '../../src-shared';

/**
 * Pure: what of the engine's own records goes into a diagnostics export. Each section is an allow-list of
 * fields: ids, types, codes, counts, times and configuration — never a message payload, a patient's name,
 * identifier or birth date, an error's free text (it can quote a payload), nor any secret or auth value.
 */

/** Keys whose values are credentials wherever they appear in a configuration object. */
const SECRET_KEY = /secret|password|passphrase|token|credential|private|api[-_]?key|^key$|auth/i;

/** A configuration object with every key that names a credential removed, at any depth. */
export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (SECRET_KEY.test(key) ? [] : [[key, withoutSecrets(inner)]])));
}

export const connectorSection = (c: Connector) => ({
  id: c.id,
  name: c.name,
  protocol: c.protocol,
  direction: c.direction,
  status: c.status,
  host: c.host,
  port: c.port,
  tlsEnabled: c.tlsEnabled,
  authMode: c.authMode,
  /** Which auth fields are set, not their values. */
  authConfigKeys: Object.keys(c.authConfig ?? {}).sort(),
  messageTypes: c.messageTypes,
  settings: withoutSecrets(c.settings),
  listening: c.runtime?.state ?? null,
  hasError: c.lastError !== null,
  activatedAt: c.activatedAt,
  updatedAt: c.updatedAt,
});

export const alertSection = (a: Alert) => ({
  id: a.id,
  type: a.type,
  severity: a.severity,
  status: a.status,
  connectorId: a.connectorId,
  count: a.count,
  firstSeenAt: a.firstSeenAt,
  lastSeenAt: a.lastSeenAt,
  resolvedAt: a.resolvedAt,
  resolution: a.resolution,
});

export const interfaceErrorSection = (g: InterfaceErrorGroup) => ({
  code: g.code,
  sources: g.sources,
  connectorIds: g.connectorIds,
  count: g.count,
  firstSeenAt: g.firstSeenAt,
  lastSeenAt: g.lastSeenAt,
});
