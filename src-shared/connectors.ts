import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';
import { RetentionRule } from './store';
import { MonitoringSettings } from './monitoring-settings';
import { TimeZoneName } from './time-zone';

export const ConnectorProtocol = z.enum(['mllp', 'fhir-rest', 'sftp', 'api-polling', 'webhook']);
export const ConnectorDirection = z.enum(['inbound', 'outbound', 'bidirectional']);
export const ConnectorAuthMode = z.enum(['none', 'client-cert', 'shared-secret', 'oauth2', 'smart-backend', 'api-key', 'basic', 'ssh-key']);
export const ConnectorStatus = z.enum(['configured', 'active', 'paused', 'inactive']);
export type ConnectorProtocol = z.infer<typeof ConnectorProtocol>;
export type ConnectorDirection = z.infer<typeof ConnectorDirection>;
export type ConnectorAuthMode = z.infer<typeof ConnectorAuthMode>;
export type ConnectorStatus = z.infer<typeof ConnectorStatus>;

/** What the API shows in place of a stored secret value. */
export const SECRET_MASK = '********';

/**
 * Auth config keys whose values are secrets: the API shows SECRET_MASK in their place. Other keys
 * (token URL, client id, user name, certificates) are shown as stored. Keys not named here are secrets.
 */
const NOT_SECRET_AUTH_KEYS: ReadonlySet<string> = new Set(['tokenUrl', 'clientId', 'scope', 'keyId', 'algorithm', 'publicJwks', 'username', 'certificate', 'caCertificate', 'hostKeyFingerprint']);
export const isSecretAuthKey = (key: string): boolean => !NOT_SECRET_AUTH_KEYS.has(key);

/** Keys each auth mode needs in its (encrypted) auth config. */
export const requiredAuthKeys: Record<ConnectorAuthMode, readonly string[]> = {
  none: [],
  'client-cert': ['certificate', 'privateKey'],
  'shared-secret': ['secret'],
  oauth2: ['tokenUrl', 'clientId', 'clientSecret'],
  /**
   * SMART Backend Services (private_key_jwt): the client id; the engine generates the key pair when no
   * `privateKey` is given and derives `keyId` and the public `publicJwks` from the key (SMART_BACKEND_OPTIONAL_KEYS).
   */
  'smart-backend': ['clientId'],
  'api-key': ['apiKey'],
  basic: ['username', 'password'],
  /** SSH public-key authentication (SFTP); an encrypted key also needs `passphrase`. */
  'ssh-key': ['username', 'privateKey'],
};

/** What else a SMART Backend Services connector may name: its token URL (else discovered from the base URL's smart-configuration), scopes, key id, algorithm and an operator's own PEM key. */
export const SMART_BACKEND_OPTIONAL_KEYS = ['tokenUrl', 'scope', 'keyId', 'algorithm', 'privateKey'] as const;
/** The signing algorithms of a SMART client assertion (RS384 unless the connector names ES384). */
export const SmartBackendAlgorithm = z.enum(['RS384', 'ES384']);
export type SmartBackendAlgorithm = z.infer<typeof SmartBackendAlgorithm>;
/** Where the engine serves a SMART Backend Services connector's public key set, without credentials, for the server's app registration. */
export const jwksPath = (connectorId: string): string => `/.well-known/jwks/${connectorId}.json`;

/** How an SFTP connector may authenticate: SSH password (`basic`) or an SSH key. */
const SFTP_AUTH_MODES: readonly ConnectorAuthMode[] = ['basic', 'ssh-key'];

const MESSAGE_TYPE = /^[A-Z0-9]{3}(\^[A-Z0-9]{2,3}(\^[A-Z0-9_]{3,7})?)?$/;
const HOST = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\[?[0-9A-Fa-f:.]+\]?$/;

export const AckMode = z.enum(['after-store', 'after-processing', 'never']);
export const DurabilityLevel = z.enum(['FULL', 'NORMAL']);

const settingsShape = {
  /** When the ACK goes out: after the raw message is committed (default), after processing, or never. */
  ackMode: AckMode,
  /** SQLite synchronous level for this connector's intake: FULL survives power loss, NORMAL a process crash. */
  durability: DurabilityLevel,
  maxFrameBytes: z.number().int().min(1024).max(256 * 1024 * 1024),
  maxConnections: z.number().int().min(1).max(1024),
  /** Connections at once from one remote address (default 16; at most maxConnections take effect). */
  maxConnectionsPerAddress: z.number().int().min(1).max(1024),
  idleTimeoutSeconds: z.number().int().min(5).max(86_400),
  /** The HL7 → FHIR mapping profile per message type (`ORU^R01` → `HMP_…`); other types use the default profiles. */
  mappingProfiles: z.record(z.string().regex(/^[A-Z0-9]{3}\^[A-Z0-9]{2,3}$/, 'must be a message type such as ORU^R01'), idInput('HMP')),
  /**
   * Connectors that receive HL7 v2 (MLLP listeners, inbound SFTP): the sender's IANA time zone. The
   * mapping reads every time sent without a UTC offset in it (DST-aware); absent or null, the engine host's zone.
   */
  timeZone: TimeZoneName.nullable(),
  /** MLLP senders (outbound): how long to wait for each ACK before the message is sent again. */
  ackTimeoutSeconds: z.number().int().min(1).max(600),
  /** MLLP senders: an AE/CE answer is retried (default) or dead-letters the message. AR/CR always dead-letter. */
  onApplicationError: z.enum(['retry', 'dead-letter']),
  /** SFTP: the partner's folder files are dropped into (outbound) or polled from (inbound). */
  remoteDir: z.string().trim().regex(/^\/(?!.*(^|\/)\.\.?(\/|$))[^\0]{0,1023}$/, 'must be an absolute path without . or .. parts'),
  /** SFTP outbound: files are named `<filePrefix>-<item id>.hl7` or `.ndjson`. */
  filePrefix: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1–40 letters, digits, - or _'),
  /** SFTP inbound: how often the folder is listed. */
  pollIntervalSeconds: z.number().int().min(5).max(86_400),
  /** FHIR REST senders (outbound fhir-rest): the server's base path on host:port, e.g. /fhir or /baseR4. */
  basePath: z.string().trim().max(200).regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a path starting with /, e.g. /fhir'),
  /** Connectors that receive messages (MLLP listeners, inbound SFTP): how long their messages are kept (see RetentionRule). */
  retention: RetentionRule,
  /** Every connector: health check interval, expected cadence, alert thresholds (src-shared/monitoring-settings.ts). */
  monitoring: MonitoringSettings,
  /** Every connector: the connector-catalog template (ConnectorDefinition type) it was created from, for the catalog's statistics. */
  template: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a template type such as lis-oru-results'),
};

const LISTENER_KEYS = ['ackMode', 'durability', 'maxFrameBytes', 'maxConnections', 'maxConnectionsPerAddress', 'idleTimeoutSeconds', 'mappingProfiles', 'retention', 'timeZone'] as const;
const SENDER_KEYS = ['ackTimeoutSeconds', 'onApplicationError'] as const;
const SFTP_KEYS = ['remoteDir', 'filePrefix', 'pollIntervalSeconds', 'retention'] as const;
const FHIR_SENDER_KEYS = ['basePath'] as const;
/** Every connector takes these, whatever its kind. */
const COMMON_KEYS = ['monitoring', 'template'] as const;
/** Stored only when set; the monitoring code applies the defaults (monitoringSettingsOf). */
const monitoringOption = { monitoring: MonitoringSettings.optional(), template: settingsShape.template.optional() };

/** Settings of an MLLP listener (inbound or bidirectional); every one has a default, so {} is valid. */
export const ConnectorSettings = z.object({
  ackMode: settingsShape.ackMode.default('after-store'),
  durability: settingsShape.durability.default('FULL'),
  maxFrameBytes: settingsShape.maxFrameBytes.default(16 * 1024 * 1024),
  maxConnections: settingsShape.maxConnections.default(64),
  maxConnectionsPerAddress: settingsShape.maxConnectionsPerAddress.optional(),
  idleTimeoutSeconds: settingsShape.idleTimeoutSeconds.default(600),
  mappingProfiles: settingsShape.mappingProfiles.default({}),
  retention: settingsShape.retention.optional(),
  timeZone: settingsShape.timeZone.optional(),
  ...monitoringOption,
});
export type ConnectorSettings = z.infer<typeof ConnectorSettings>;

/** Settings of an MLLP sender (an outbound MLLP connector); every one has a default. */
export const MllpSenderSettings = z.object({
  ackTimeoutSeconds: settingsShape.ackTimeoutSeconds.default(30),
  onApplicationError: settingsShape.onApplicationError.default('retry'),
  ...monitoringOption,
});
export type MllpSenderSettings = z.infer<typeof MllpSenderSettings>;

/** Settings of an SFTP connector (either direction); every one has a default. */
export const SftpSettings = z.object({
  remoteDir: settingsShape.remoteDir.default('/'),
  filePrefix: settingsShape.filePrefix.default('interop'),
  pollIntervalSeconds: settingsShape.pollIntervalSeconds.default(60),
  retention: settingsShape.retention.optional(),
  timeZone: settingsShape.timeZone.optional(),
  ...monitoringOption,
});
export type SftpSettings = z.infer<typeof SftpSettings>;
/** Settings of a FHIR REST sender (an outbound fhir-rest connector): the base URL is http(s)://host:port + basePath. */
export const FhirRestSenderSettings = z.object({
  basePath: settingsShape.basePath.default('/fhir'),
  ...monitoringOption,
});
/** Settings of every other connector: only the monitoring ones. */
export const CommonSettings = z.object(monitoringOption);
export type FhirRestSenderSettings = z.infer<typeof FhirRestSenderSettings>;

const connectorFields = {
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
  protocol: ConnectorProtocol,
  direction: ConnectorDirection,
  host: z.string().trim().regex(HOST, 'must be a host name or IP address').nullable().optional(),
  port: z.preprocess((v) => (v === '' ? null : typeof v === 'string' ? Number(v) : v), z.number().int('must be a whole number').min(1, 'must be 1–65535').max(65535, 'must be 1–65535').nullable().optional()),
  tlsEnabled: z.boolean(),
  authMode: ConnectorAuthMode,
  authConfig: z.record(z.string(), z.string().max(16_384)).nullable().optional(),
  messageTypes: z.array(z.string().trim().regex(MESSAGE_TYPE, 'must look like ADT^A01')).max(200),
  facilityId: z.string().trim().max(120).nullable().optional(),
  externalSystemId: idInput('EXT').nullable().optional(),
  /** Listener settings (MLLP inbound or bidirectional), sender settings (MLLP or FHIR REST outbound) or SFTP folder settings; on update only the named ones change. */
  settings: z.object(settingsShape).partial(),
};

export interface ConnectorShape {
  protocol: ConnectorProtocol;
  direction: ConnectorDirection;
  tlsEnabled: boolean;
  host?: string | null | undefined;
  port?: number | null | undefined;
  authMode: ConnectorAuthMode;
  /** Keys present in the auth config after the change (values never needed here). */
  authKeys: readonly string[];
  /** Settings named in the request. */
  settingsKeys?: readonly string[] | undefined;
}

/** An MLLP connector that accepts connections (inbound or bidirectional): it has listener settings. */
export const isListener = (c: { protocol: string; direction: string }): boolean => c.protocol === 'mllp' && c.direction !== 'outbound';

/** An MLLP connector that sends (outbound): it has sender settings. */
export const isMllpSender = (c: { protocol: string; direction: string }): boolean => c.protocol === 'mllp' && c.direction === 'outbound';

/** A FHIR REST connector that sends (outbound): it has a base path. */
export const isFhirRestSender = (c: { protocol: string; direction: string }): boolean => c.protocol === 'fhir-rest' && c.direction === 'outbound';

/** The settings keys a connector takes: an MLLP listener's, an MLLP or FHIR REST sender's, an SFTP connector's, or none. */
export const settingsKeysFor = (c: { protocol: string; direction: string }): readonly string[] => [
  ...(isListener(c) ? LISTENER_KEYS : isMllpSender(c) ? SENDER_KEYS : isFhirRestSender(c) ? FHIR_SENDER_KEYS : c.protocol === 'sftp' ? SFTP_KEYS : []),
  ...(c.protocol === 'sftp' && c.direction !== 'outbound' ? ['timeZone'] : []),
  ...COMMON_KEYS,
];

/**
 * The auth config keys a connector needs, and those it may have. A TLS listener needs its own
 * certificate and key; with client-cert authentication it also needs the CA that client certificates
 * must chain to. A TLS client may name a private CA to trust.
 */
export function authKeysFor(c: Pick<ConnectorShape, 'protocol' | 'direction' | 'tlsEnabled' | 'authMode'>): { required: string[]; optional: string[] } {
  const required = new Set(requiredAuthKeys[c.authMode]);
  const optional = new Set<string>();
  if (isListener(c) && c.tlsEnabled) ['certificate', 'privateKey'].forEach((k) => required.add(k));
  if (isListener(c) && c.authMode === 'client-cert') required.add('caCertificate');
  if (!isListener(c) && c.tlsEnabled) optional.add('caCertificate');
  // The engine is the SSH client in either direction and verifies the server's key: no trust on first use.
  if (c.protocol === 'sftp') required.add('hostKeyFingerprint');
  if (c.authMode === 'ssh-key') optional.add('passphrase');
  if (c.authMode === 'smart-backend') SMART_BACKEND_OPTIONAL_KEYS.forEach((k) => optional.add(k));
  return { required: [...required], optional: [...optional].filter((k) => !required.has(k)) };
}

/** Cross-field rules, shared by create (in the schema) and update (on the merged connector). */
export function connectorRuleIssues(c: ConnectorShape): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  // SFTP inbound polls a partner's server, so it needs the server's address like an outbound one.
  const needsPort = c.protocol === 'mllp' || c.protocol === 'sftp' || (c.direction !== 'inbound' && c.protocol === 'fhir-rest');
  if (needsPort && (c.port === null || c.port === undefined)) issues.push({ path: 'port', message: `is required for ${c.protocol} ${c.direction} connectors` });
  if ((c.direction !== 'inbound' || c.protocol === 'sftp') && c.protocol !== 'webhook' && !c.host) issues.push({ path: 'host', message: `is required for ${c.protocol} ${c.direction} connectors` });
  if (c.protocol === 'sftp' && !SFTP_AUTH_MODES.includes(c.authMode)) issues.push({ path: 'authMode', message: `must be ${SFTP_AUTH_MODES.join(' or ')} for sftp connectors` });
  const missing = authKeysFor(c).required.filter((k) => !c.authKeys.includes(k));
  if (missing.length > 0) {
    const why = isListener(c) && c.tlsEnabled ? 'a TLS listener' : `${c.authMode} authentication`;
    issues.push({ path: 'authConfig', message: `${why} needs ${missing.join(', ')}` });
  }
  const allowed = settingsKeysFor(c);
  for (const key of c.settingsKeys ?? []) {
    if (allowed.includes(key)) continue;
    const which = allowed.length === 0 ? 'they take no settings' : `they take ${allowed.join(', ')}`;
    issues.push({ path: `settings.${key}`, message: `does not apply to ${c.protocol} ${c.direction} connectors (${which})` });
  }
  return issues;
}

const CreateConnector = z.object({
  ...connectorFields,
  tlsEnabled: connectorFields.tlsEnabled.default(false),
  authMode: connectorFields.authMode.default('none'),
  messageTypes: connectorFields.messageTypes.default([]),
  settings: connectorFields.settings.default({}),
}).superRefine((c, ctx) => {
  for (const issue of connectorRuleIssues({ ...c, authKeys: Object.keys(c.authConfig ?? {}), settingsKeys: Object.keys(c.settings) })) {
    ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
  }
});

/** What the engine knows of a running listener right now (not stored; an engine restart starts over). */
export const ConnectorRuntime = z.object({
  /** listening: bound and accepting; failed: it should listen but cannot (see error). */
  state: z.enum(['listening', 'failed']),
  since: z.string(),
  error: z.string().nullable(),
  /** The bound port while listening. */
  port: z.number().nullable(),
});
export type ConnectorRuntime = z.infer<typeof ConnectorRuntime>;

export const Connector = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  protocol: ConnectorProtocol,
  direction: ConnectorDirection,
  host: z.string().nullable(),
  port: z.number().nullable(),
  tlsEnabled: z.boolean(),
  authMode: ConnectorAuthMode,
  /** The stored auth config with every secret value (isSecretAuthKey) replaced by SECRET_MASK; null when none. */
  authConfig: z.record(z.string(), z.string()).nullable(),
  messageTypes: z.array(z.string()),
  /** Listener settings for MLLP listeners, sender settings for outbound MLLP and FHIR REST connectors, folder settings for SFTP connectors; {} for every other connector. */
  settings: z.union([CommonSettings.strict(), ConnectorSettings.strict(), MllpSenderSettings.strict(), FhirRestSenderSettings.strict(), SftpSettings.strict()]),
  facilityId: z.string().nullable(),
  externalSystemId: z.string().nullable(),
  status: ConnectorStatus,
  lastError: z.string().nullable(),
  /** The listener of an active MLLP listener connector; null for any other connector. */
  runtime: ConnectorRuntime.nullable(),
  /** Messages that arrived with a control id this sender had already used for different content (stored as their own messages). */
  controlIdReusedCount: z.number(),
  activatedAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Connector = z.infer<typeof Connector>;

/** A connector's HL7 → FHIR mapping profile assignments ({} unless it is an MLLP listener). */
export const mappingProfilesOf = (settings: Connector['settings']): Record<string, string> => ('mappingProfiles' in settings ? settings.mappingProfiles : {});

/** healthy: every check passed; degraded: it answers but something is wrong (slow, expiring, low availability, quiet feed); unhealthy: it cannot be reached or refuses us; unknown: nothing to check. */
export const HealthCheckStatus = z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']);
export type HealthCheckStatus = z.infer<typeof HealthCheckStatus>;

export const HealthCheck = z.object({
  id: z.string(),
  connectorId: z.string().nullable(),
  checkedAt: z.string(),
  status: HealthCheckStatus,
  latencyMs: z.number().nullable(),
  /** Share of the connector's checks that passed over the last 24 hours, 0–1; null for its first check. */
  availability: z.number().nullable(),
  consecutiveFailures: z.number(),
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  /** The finding that set the status: a stable code and words without patient data or secrets. */
  reasonCode: z.string().nullable(),
  detail: z.string().nullable(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

const connectorId = idInput('CONN');
const byId = z.object({ id: connectorId });

export const connectorOps = {
  list: defineOperation({
    name: 'connectors.list',
    http: { method: 'GET', path: '/api/v1/connectors' },
    input: z.object({
      ...pageInput,
      status: ConnectorStatus.optional(),
      protocol: ConnectorProtocol.optional(),
      direction: ConnectorDirection.optional(),
      externalSystemId: idInput('EXT').optional(),
      facilityId: z.string().max(120).optional(),
      q: z.string().max(200).optional(),
    }),
    output: Page(Connector),
  }),
  get: defineOperation({ name: 'connectors.get', http: { method: 'GET', path: '/api/v1/connectors/:id' }, input: byId, output: Connector }),
  create: defineOperation({
    name: 'connectors.create',
    http: { method: 'POST', path: '/api/v1/connectors', successStatus: 201 },
    input: CreateConnector,
    output: Connector,
    invalidates: ['connectors'],
  }),
  update: defineOperation({
    name: 'connectors.update',
    http: { method: 'PATCH', path: '/api/v1/connectors/:id' },
    input: z.object({ id: connectorId, version: versionInput, ...z.object(connectorFields).partial().shape }),
    output: Connector,
    invalidates: ['connectors'],
  }),
  delete: defineOperation({
    name: 'connectors.delete',
    http: { method: 'DELETE', path: '/api/v1/connectors/:id', successStatus: 204 },
    input: byId,
    output: z.null(),
    invalidates: ['connectors'],
  }),
  activate: defineOperation({ name: 'connectors.activate', http: { method: 'POST', path: '/api/v1/connectors/:id/activate' }, input: byId, output: Connector, invalidates: ['connectors'] }),
  pause: defineOperation({ name: 'connectors.pause', http: { method: 'POST', path: '/api/v1/connectors/:id/pause' }, input: byId, output: Connector, invalidates: ['connectors'] }),
  deactivate: defineOperation({ name: 'connectors.deactivate', http: { method: 'POST', path: '/api/v1/connectors/:id/deactivate' }, input: byId, output: Connector, invalidates: ['connectors'] }),
  healthChecks: defineOperation({
    name: 'connectors.healthChecks',
    http: { method: 'GET', path: '/api/v1/connectors/:id/health-checks' },
    input: z.object({ id: connectorId, ...pageInput }),
    output: Page(HealthCheck),
  }),
  /** Runs the connector's health check now; recorded and judged for alerts like a scheduled one. */
  test: defineOperation({ name: 'connectors.test', http: { method: 'POST', path: '/api/v1/connectors/:id/test' }, input: byId, output: HealthCheck, invalidates: ['connectors', 'alerts'] }),
  ofExternalSystem: defineOperation({
    name: 'externalSystems.connectors',
    http: { method: 'GET', path: '/api/v1/external-systems/:id/connectors' },
    input: z.object({ id: idInput('EXT'), ...pageInput }),
    output: Page(Connector),
  }),
} as const;
