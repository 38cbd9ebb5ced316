import { connectorOps, isListener, type Connector, type ConnectorDefinition, type ConnectorDefinitionContent, type ConnectorDefinitionStatistics, type ParsedInputOf, type TestMessageResult, type connectorDefinitionOps } from '../../src-shared';
import type { Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { RequestContext } from '../core/request-context';
import type { MllpClientOptions } from '../mllp/client';
import { MINUTE_MS, type MetricCounts } from '../monitoring/metric-rows';
import type { ConnectorRow, ConnectorsRepo } from '../store/connectors-repo';
import type { MetricsRepo } from '../store/metrics-repo';
import { firstFreePort } from './free-port';
import { ackCodeOf, testMessageFrom } from './test-message';

type CreateFromTemplateInput = ParsedInputOf<typeof connectorDefinitionOps.createConnector>;
type ListInput = ParsedInputOf<typeof connectorDefinitionOps.list>;

const DAY_MS = 24 * 60 * MINUTE_MS;
/** The port MLLP registered with IANA, where a template names none. */
const DEFAULT_MLLP_PORT = 2575;

export interface CatalogServiceDeps {
  templates: readonly ConnectorDefinitionContent[];
  repo: Pick<ConnectorsRepo, 'madeFromTemplates'>;
  metrics: Pick<MetricsRepo, 'countsSince'>;
  connectors: { create(ctx: RequestContext, input: ParsedInputOf<typeof connectorOps.create>): Connector; rowOf(ctx: RequestContext, id: string): ConnectorRow };
  /** The id of the tenant's active HL7 → FHIR mapping profile of that name covering the message type, if there is one. */
  profileIdNamed(ctx: RequestContext, messageType: string, name: string): string | undefined;
  /** The ports the tenant's connectors name, and whether one can be bound now (free-port.ts). */
  portsInUse(ctx: RequestContext): ReadonlySet<number>;
  canBind(port: number): Promise<boolean>;
  /** The bound port of a running listener. */
  listenerPort(connectorId: string): number | undefined;
  /** Sends one HL7 message over MLLP and answers the ACK text. */
  sendMllp(options: MllpClientOptions, message: string): Promise<string>;
  clock: Clock;
}

const unavailable = (reason: string, message: string): AppError => new AppError('precondition_failed', 'INTEROP_TEST_MESSAGE_UNAVAILABLE', message, { reason });

/** Counts over connectors made from one template: how many, how many active, and their last 24 hours of per-minute metrics. */
function statisticsOf(made: readonly { id: string; status: string }[], perConnector: ReadonlyMap<string, MetricCounts>): ConnectorDefinitionStatistics {
  let received = 0;
  let sent = 0;
  let sendFailed = 0;
  let errors = 0;
  for (const c of made) {
    const m = perConnector.get(c.id);
    if (!m) continue;
    received += m.accepted + m.rejected;
    sent += m.sent;
    sendFailed += m.sendFailed;
    errors += m.rejected + m.failed + m.sendFailed;
  }
  const moved = received + sent + sendFailed;
  return { connectors: made.length, active: made.filter((c) => c.status === 'active').length, last24h: { received, sent, errors, errorRate: moved === 0 ? null : errors / moved } };
}

/** The connector catalog: shipped templates with their statistics, connectors made from them, and the test sender. */
export function createCatalogService(deps: CatalogServiceDeps) {
  let testCount = 0;

  const templateOf = (type: string): ConnectorDefinitionContent => {
    const template = deps.templates.find((t) => t.type === type);
    if (!template) throw notFound('connector_definition', type);
    return template;
  };

  const resolvedProfiles = (ctx: RequestContext, t: ConnectorDefinitionContent) =>
    Object.entries(t.defaults.mappingProfiles).map(([messageType, name]) => ({ messageType, name, id: deps.profileIdNamed(ctx, messageType, name) ?? null }));

  const defaultSettingsOf = (t: ConnectorDefinitionContent, profiles: readonly { messageType: string; id: string | null }[]): Record<string, unknown> => {
    const assigned = profiles.filter((p): p is { messageType: string; id: string } => p.id !== null);
    return {
      ...t.defaults.settings,
      ...(t.defaults.monitoring ? { monitoring: t.defaults.monitoring } : {}),
      ...(assigned.length > 0 ? { mappingProfiles: Object.fromEntries(assigned.map((p) => [p.messageType, p.id])) } : {}),
      template: t.type,
    };
  };

  function statistics(ctx: RequestContext): (type: string) => ConnectorDefinitionStatistics {
    const made = deps.repo.madeFromTemplates(ctx.tenantId);
    const perConnector = made.length > 0 ? deps.metrics.countsSince(ctx.tenantId, deps.clock.now() - DAY_MS) : new Map<string, MetricCounts>();
    return (type) => statisticsOf(made.filter((c) => c.template === type), perConnector);
  }

  const dto = (ctx: RequestContext, t: ConnectorDefinitionContent, stats: ConnectorDefinitionStatistics): ConnectorDefinition => {
    const profiles = resolvedProfiles(ctx, t);
    const d = t.defaults;
    return {
      type: t.type,
      name: t.name,
      vendor: t.vendor ?? null,
      category: t.category,
      description: t.description,
      protocol: t.protocol,
      direction: t.direction,
      authTypes: t.authTypes,
      syncStrategies: t.syncStrategies,
      entities: t.entities,
      capabilities: t.capabilities,
      limitations: t.limitations,
      approved: t.approved,
      hasSampleMessage: t.sampleMessage !== undefined,
      defaults: { protocol: d.protocol, direction: d.direction, authMode: d.authMode, tlsEnabled: d.tlsEnabled, host: d.host, port: d.port, messageTypes: d.messageTypes, authConfig: d.authConfig, settings: defaultSettingsOf(t, profiles), mappingProfiles: profiles },
      statistics: stats,
    };
  };

  return {
    list(ctx: RequestContext, filter: ListInput): { data: ConnectorDefinition[] } {
      const stats = statistics(ctx);
      const chosen = deps.templates.filter((t) => (!filter.category || t.category === filter.category) && (!filter.direction || t.direction === filter.direction));
      return { data: chosen.map((t) => dto(ctx, t, stats(t.type))) };
    },

    get(ctx: RequestContext, type: string): ConnectorDefinition {
      const template = templateOf(type);
      return dto(ctx, template, statistics(ctx)(type));
    },

    /** What the caller gave over the template's defaults (settings merged key by key), checked exactly like connectors.create. */
    createConnector(ctx: RequestContext, { type, ...given }: CreateFromTemplateInput): Connector {
      const t = templateOf(type);
      const d = t.defaults;
      const authConfig = { ...d.authConfig, ...(given.authConfig ?? {}) };
      const candidate = {
        name: given.name,
        protocol: d.protocol,
        direction: d.direction,
        host: given.host !== undefined ? given.host : d.host,
        port: given.port !== undefined ? given.port : d.port,
        tlsEnabled: given.tlsEnabled ?? d.tlsEnabled,
        authMode: given.authMode ?? d.authMode,
        authConfig: Object.keys(authConfig).length > 0 ? authConfig : null,
        messageTypes: given.messageTypes ?? d.messageTypes,
        facilityId: given.facilityId ?? null,
        externalSystemId: given.externalSystemId ?? null,
        settings: { ...defaultSettingsOf(t, resolvedProfiles(ctx, t)), ...(given.settings ?? {}), template: t.type },
      };
      const parsed = connectorOps.create.input.safeParse(candidate);
      if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return deps.connectors.create(ctx, parsed.data);
    },

    async freePort(ctx: RequestContext, type: string): Promise<{ port: number | null }> {
      const preferred = templateOf(type).defaults.port ?? DEFAULT_MLLP_PORT;
      return { port: (await firstFreePort(preferred, deps.portsInUse(ctx), deps.canBind)) ?? null };
    },

    async sendTestMessage(ctx: RequestContext, id: string): Promise<TestMessageResult> {
      const row = deps.connectors.rowOf(ctx, id);
      if (!isListener(row)) throw unavailable('not-a-listener', 'Test messages go to MLLP listeners (inbound or bidirectional) only');
      if (row.tlsEnabled) throw unavailable('tls', 'The test sender speaks plain MLLP; this listener requires TLS (use npm run send -- --tls)');
      const type = typeof row.settings.template === 'string' ? row.settings.template : undefined;
      const sample = type ? deps.templates.find((t) => t.type === type)?.sampleMessage : undefined;
      if (!sample) throw unavailable('no-sample', 'The connector was not made from a template with a sample message');
      const port = row.status === 'active' ? deps.listenerPort(row.id) : undefined;
      if (port === undefined) throw unavailable('not-listening', 'Activate the connector first: its listener is not running');
      const at = deps.clock.now();
      testCount += 1;
      const controlId = `TEST${at.toString(36).toUpperCase()}${testCount}`;
      const message = testMessageFrom(sample, controlId, new Date(at));
      const host = row.host && row.host !== '0.0.0.0' && row.host !== '::' ? row.host : '127.0.0.1';
      let ack: string;
      try {
        ack = await deps.sendMllp({ host, port, timeoutMs: 15_000 }, message.text);
      } catch (error) {
        throw new AppError('unavailable', 'INTEROP_TEST_MESSAGE_FAILED', `The test message could not be sent to port ${port} (${error instanceof Error ? error.name : 'error'})`, { port });
      }
      const ackCode = ackCodeOf(ack);
      return { connectorId: row.id, controlId, messageType: message.messageType, ackCode, accepted: ackCode === 'AA' || ackCode === 'CA' };
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
