import { z } from 'zod';
import { defineOperation, idInput } from './define-operation';
import { Connector, ConnectorAuthMode, ConnectorDirection, ConnectorProtocol, authKeysFor, connectorRuleIssues } from './connectors';
import { MonitoringSettings } from './monitoring-settings';

/** What kind of partner a template connects to. */
export const ConnectorCategory = z.enum(['ehr', 'laboratory', 'adt', 'radiology', 'public-health', 'pharmacy', 'payer', 'commerce']);
export type ConnectorCategory = z.infer<typeof ConnectorCategory>;

/** How data moves: as it happens, queued and retried until the partner takes it, by polling on a schedule, or in bulk files. */
export const SyncStrategy = z.enum(['realtime', 'store-and-forward', 'scheduled-poll', 'bulk']);
export type SyncStrategy = z.infer<typeof SyncStrategy>;

const TEMPLATE_TYPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MESSAGE_TYPE = /^[A-Z0-9]{3}\^[A-Z0-9]{2,3}(\^[A-Z0-9_]{3,7})?$/;
const templateType = z.string().regex(TEMPLATE_TYPE, 'must be a lower-case slug such as lis-oru-results');

/** Where a placeholder host and port stand in for what the operator gives when a template's defaults are checked against the connector rules. */
export const TEMPLATE_CHECK_ADDRESS = { host: 'partner.example', port: 2575 } as const;

/**
 * What a connector made from the template starts with. Mapping profiles are named by the shipped profile's
 * name (ids differ per installation); the engine puts the id of the active profile of that name in the
 * connector's settings.mappingProfiles.
 */
export const ConnectorDefaults = z.object({
  protocol: ConnectorProtocol,
  direction: ConnectorDirection,
  authMode: ConnectorAuthMode,
  tlsEnabled: z.boolean().default(false),
  host: z.string().min(1).max(253).nullable().default(null),
  port: z.number().int().min(1).max(65535).nullable().default(null),
  messageTypes: z.array(z.string().regex(MESSAGE_TYPE, 'must look like ORU^R01')).max(50).default([]),
  /** Message type → the name of a shipped HL7 → FHIR mapping profile (MLLP listeners only). */
  mappingProfiles: z.record(z.string().regex(/^[A-Z0-9]{3}\^[A-Z0-9]{2,3}$/), z.string().min(1).max(200)).default({}),
  /** Non-secret auth config the partner publishes (a token URL pattern); secrets are never in a template. */
  authConfig: z.record(z.string(), z.string().max(2000)).default({}),
  /** The kind's own settings (ackMode, basePath, …) as the connector schema takes them. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** Health check interval, expected cadence and alert thresholds. */
  monitoring: MonitoringSettings.partial().optional(),
});
export type ConnectorDefaults = z.infer<typeof ConnectorDefaults>;

/** A connector template as shipped in resources/connector-templates/*.json. */
export const ConnectorDefinitionContent = z
  .object({
    type: templateType,
    name: z.string().min(1).max(120),
    vendor: z.string().min(1).max(120).optional(),
    category: ConnectorCategory,
    description: z.string().min(1).max(2000),
    protocol: ConnectorProtocol,
    direction: ConnectorDirection,
    authTypes: z.array(ConnectorAuthMode).min(1),
    syncStrategies: z.array(SyncStrategy).min(1),
    entities: z.object({ hl7MessageTypes: z.array(z.string().regex(MESSAGE_TYPE)).default([]), fhirResourceTypes: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/)).default([]) }),
    capabilities: z.array(z.string().min(1).max(300)).min(1),
    /** What the template does not do, said plainly (and what it does instead). */
    limitations: z.array(z.string().min(1).max(500)),
    /**
     * Whether the site has approved this partner template. An unapproved template is listed with an
     * "Unapproved" badge and the console asks for confirmation before it fills a connector from it; the
     * engine creates the connector either way (approval is a site's review mark, not an access control).
     */
    approved: z.boolean(),
    /** An HL7 message the first-run wizard and the console's test sender send to a connector made from the template. */
    sampleMessage: z.string().min(8).max(20_000).optional(),
    defaults: ConnectorDefaults,
  })
  .strict()
  .superRefine((t, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const d = t.defaults;
    if (d.protocol !== t.protocol) issue(['defaults', 'protocol'], `must be the template's protocol ${t.protocol}`);
    if (d.direction !== t.direction) issue(['defaults', 'direction'], `must be the template's direction ${t.direction}`);
    if (!t.authTypes.includes(d.authMode)) issue(['defaults', 'authMode'], `must be one of the template's auth types (${t.authTypes.join(', ')})`);
    for (const type of d.messageTypes) if (!t.entities.hl7MessageTypes.includes(type)) issue(['defaults', 'messageTypes'], `${type} is not one of the template's entities`);
    for (const type of Object.keys(d.mappingProfiles)) if (!d.messageTypes.some((m) => m.startsWith(type))) issue(['defaults', 'mappingProfiles', type], 'maps a message type the defaults do not take');
    const settingsKeys = [...Object.keys(d.settings), ...(d.monitoring ? ['monitoring'] : []), ...(Object.keys(d.mappingProfiles).length > 0 ? ['mappingProfiles'] : [])];
    const shape = { ...d, host: d.host ?? TEMPLATE_CHECK_ADDRESS.host, port: d.port ?? TEMPLATE_CHECK_ADDRESS.port, authKeys: authKeysFor(d).required, settingsKeys };
    for (const rule of connectorRuleIssues(shape)) issue(['defaults', ...rule.path.split('.')], rule.message);
    for (const key of Object.keys(d.authConfig)) if (![...authKeysFor(d).required, ...authKeysFor(d).optional, 'scope'].includes(key)) issue(['defaults', 'authConfig', key], `is not an auth config key of ${d.authMode}`);
    if (d.settings.template !== undefined) issue(['defaults', 'settings', 'template'], 'is set by the engine');
  });
export type ConnectorDefinitionContent = z.infer<typeof ConnectorDefinitionContent>;

/** Connectors made from a template and their traffic over the last 24 hours (per-minute metrics). */
export const ConnectorDefinitionStatistics = z.object({
  connectors: z.number(),
  active: z.number(),
  last24h: z.object({
    /** Messages received (accepted + rejected) by those connectors. */
    received: z.number(),
    /** Messages delivered by them (sent) and deliveries that failed. */
    sent: z.number(),
    /** Rejected at intake, failed in processing, or failed to send. */
    errors: z.number(),
    /** errors / (received + sent + send failures); null when nothing moved. */
    errorRate: z.number().nullable(),
  }),
});
export type ConnectorDefinitionStatistics = z.infer<typeof ConnectorDefinitionStatistics>;

/** A template as the API shows it: its content, its mapping profiles resolved for this installation, and its statistics. */
export const ConnectorDefinition = z.object({
  type: z.string(),
  name: z.string(),
  vendor: z.string().nullable(),
  category: ConnectorCategory,
  description: z.string(),
  protocol: ConnectorProtocol,
  direction: ConnectorDirection,
  authTypes: z.array(ConnectorAuthMode),
  syncStrategies: z.array(SyncStrategy),
  entities: z.object({ hl7MessageTypes: z.array(z.string()), fhirResourceTypes: z.array(z.string()) }),
  capabilities: z.array(z.string()),
  limitations: z.array(z.string()),
  approved: z.boolean(),
  hasSampleMessage: z.boolean(),
  defaults: z.object({
    protocol: ConnectorProtocol,
    direction: ConnectorDirection,
    authMode: ConnectorAuthMode,
    tlsEnabled: z.boolean(),
    host: z.string().nullable(),
    port: z.number().nullable(),
    messageTypes: z.array(z.string()),
    authConfig: z.record(z.string(), z.string()),
    /** The settings a new connector gets: the kind's settings, monitoring, mapping profile ids and `template`. */
    settings: z.record(z.string(), z.unknown()),
    /** Each named profile with the id it has here; null when no active profile has that name (the default that covers the type then runs). */
    mappingProfiles: z.array(z.object({ messageType: z.string(), name: z.string(), id: z.string().nullable() })),
  }),
  statistics: ConnectorDefinitionStatistics,
});
export type ConnectorDefinition = z.infer<typeof ConnectorDefinition>;

/** The answer of a test message: the message sent to the connector's own listener and the ACK it gave. */
export const TestMessageResult = z.object({
  connectorId: z.string(),
  controlId: z.string(),
  messageType: z.string(),
  /** MSA-1 of the answer (AA, AE, AR …). */
  ackCode: z.string(),
  accepted: z.boolean(),
});
export type TestMessageResult = z.infer<typeof TestMessageResult>;

const byType = z.object({ type: templateType });
const portField = z.preprocess((v) => (v === '' ? null : typeof v === 'string' ? Number(v) : v), z.number().int().min(1).max(65535).nullable().optional());

export const connectorDefinitionOps = {
  list: defineOperation({
    name: 'connectorDefinitions.list',
    http: { method: 'GET', path: '/api/v1/connector-definitions' },
    input: z.object({ category: ConnectorCategory.optional(), direction: ConnectorDirection.optional() }),
    output: z.object({ data: z.array(ConnectorDefinition) }),
  }),
  get: defineOperation({ name: 'connectorDefinitions.get', http: { method: 'GET', path: '/api/v1/connector-definitions/:type' }, input: byType, output: ConnectorDefinition }),
  /** A port for a new listener from the template: its default port, or the next one no connector names and the engine can bind now. */
  freePort: defineOperation({
    name: 'connectorDefinitions.freePort',
    http: { method: 'GET', path: '/api/v1/connector-definitions/:type/free-port' },
    input: byType,
    output: z.object({ port: z.number().nullable() }),
    reads: ['connectors'],
  }),
  /** A connector from the template: what the caller gives, the template's defaults for the rest; checked like connectors.create. */
  createConnector: defineOperation({
    name: 'connectorDefinitions.createConnector',
    http: { method: 'POST', path: '/api/v1/connector-definitions/:type/connectors', successStatus: 201 },
    input: z.object({
      type: templateType,
      name: z.string().trim().min(1, 'is required').max(120),
      host: z.string().trim().max(253).nullable().optional(),
      port: portField,
      tlsEnabled: z.boolean().optional(),
      authMode: ConnectorAuthMode.optional(),
      authConfig: z.record(z.string(), z.string().max(16_384)).nullable().optional(),
      messageTypes: z.array(z.string()).max(200).optional(),
      facilityId: z.string().trim().max(120).nullable().optional(),
      externalSystemId: idInput('EXT').nullable().optional(),
      settings: z.record(z.string(), z.unknown()).optional(),
    }),
    output: Connector,
    invalidates: ['connectors'],
  }),
  /** Sends the connector's template sample (a fresh control id) to its own running listener over MLLP and answers the ACK. */
  sendTestMessage: defineOperation({
    name: 'connectors.sendTestMessage',
    http: { method: 'POST', path: '/api/v1/connectors/:id/test-message' },
    input: z.object({ id: idInput('CONN') }),
    output: TestMessageResult,
    invalidates: ['connectors', 'hl7Messages'],
  }),
} as const;
