import { connectorRuleIssues, isListener, type Connector, type HealthCheck, type ParsedInputOf, type connectorOps } from '../../src-shared';
import type { ChangeFeed } from '../core/change-events';
import { isoTime, type Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { assertSameTenant, versionConflict, type RequestContext } from '../core/request-context';
import type { SecretCipher } from '../secrets/secret-cipher';
import type { ConnectorFilter, ConnectorPatch, ConnectorRow, ConnectorsRepo } from '../store/connectors-repo';
import type { PageRequest } from '../store/paged-list';
import type { ExternalSystemsRepo } from '../store/external-systems-repo';
import type { JournalRepo } from '../store/journal-repo';
import type { Transact } from '../store/transact';
import { bindFailureReason, type BindFailure } from './bind-failure';
import { alreadyActive, slotTaken } from './connector-conflicts';
import { mergeAuthConfig, settingsToStore, toConnectorDto, toHealthCheckDto } from './connector-dto';
import type { BindResult, ListenerState } from './listener-runtime';
import { withSmartBackendKeys } from './smart-backend-keys';
import { nextStatus, type ConnectorAction } from './state-machine';

type CreateInput = ParsedInputOf<typeof connectorOps.create>;
type UpdateInput = ParsedInputOf<typeof connectorOps.update>;

export interface ConnectorServiceDeps {
  repo: ConnectorsRepo;
  externalSystems: ExternalSystemsRepo;
  journal: JournalRepo;
  transact: Transact;
  cipher: SecretCipher;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
  /** Brings running listeners in step with a changed connector (and may record its lastError). */
  applyRuntime: (row: ConnectorRow) => Promise<void>;
  /** Starts the listener of a connector about to become active; answers once bound or refused. */
  bindListener: (row: ConnectorRow) => Promise<BindResult>;
  /** The listener's state now, for connectors that listen. */
  runtimeOf: (connectorId: string) => ListenerState | undefined;
}

const lifecycleEvents: Record<ConnectorAction, string> = {
  activate: 'ConnectorActivated',
  pause: 'ConnectorPaused',
  deactivate: 'ConnectorDeactivated',
};

export function createConnectorService(deps: ConnectorServiceDeps) {
  const { repo, journal, transact, cipher, ids, clock, changes } = deps;

  const readAuth = (row: ConnectorRow): Record<string, string> | null =>
    row.authConfigCipher ? (JSON.parse(cipher.decrypt(row.authConfigCipher)) as Record<string, string>) : null;
  const sealAuth = (config: Record<string, string> | null): string | null => (config ? cipher.encrypt(JSON.stringify(config)) : null);
  const dto = (row: ConnectorRow): Connector => {
    const state = deps.runtimeOf(row.id);
    return toConnectorDto(row, readAuth(row), state ? { ...state, since: isoTime(state.since) } : null);
  };

  function load(id: string, ctx: RequestContext): ConnectorRow {
    const row = repo.findById(id);
    if (!row) throw notFound('connector', id);
    assertSameTenant(row.tenantId, ctx);
    return row;
  }

  function assertExternalSystem(id: string | null | undefined, ctx: RequestContext): void {
    if (!id) return;
    const system = deps.externalSystems.findById(id);
    if (!system || system.tenantId !== ctx.tenantId) {
      throw validationFailed([{ path: 'externalSystemId', message: `external system ${id} does not exist` }]);
    }
  }

  function assertSlotFree(row: ConnectorRow): void {
    const holder = repo.findActiveInSlot(row);
    if (holder) throw slotTaken(row, holder);
  }

  /** The answer to a listener that could not bind, naming what holds the port where the engine knows it. */
  function bindRefused(row: ConnectorRow, failure: BindFailure): AppError {
    const holder = failure.holderConnectorId ? repo.findById(failure.holderConnectorId) : undefined;
    const named = holder?.tenantId === row.tenantId ? holder : undefined;
    const message = capitalized(bindFailureReason(failure, named?.name));
    const where = { host: failure.host, port: failure.port };
    if (failure.code === 'EADDRINUSE') {
      return new AppError('conflict', 'INTEROP_PORT_IN_USE', named ? `${message}; deactivate it first` : message, { ...where, heldBy: named ? { kind: 'connector', connectorId: named.id, name: named.name } : { kind: failure.holderConnectorId ? 'connector' : 'process' } });
    }
    return new AppError('unavailable', 'INTEROP_LISTENER_START_FAILED', message, { ...where, code: failure.code ?? null });
  }

  function commitChange<T>(id: string, work: () => T): T {
    const result = transact(work);
    changes.publish({ topic: 'connectors', id });
    return result;
  }

  function casUpdate(row: ConnectorRow, expectedVersion: number, patch: ConnectorPatch): ConnectorRow {
    const updated = repo.update(row.id, expectedVersion, patch);
    if (!updated) throw versionConflict('connector', row.id, expectedVersion, repo.findById(row.id)?.version ?? expectedVersion);
    return updated;
  }

  return {
    list(ctx: RequestContext, filter: ConnectorFilter, page: PageRequest) {
      const { rows, total } = repo.list(ctx.tenantId, filter, page);
      return { data: rows.map(dto), page: page.page, pageSize: page.pageSize, total };
    },

    get(ctx: RequestContext, id: string): Connector {
      return dto(load(id, ctx));
    },

    /** The public key set (JSON) of a SMART Backend Services connector, in any tenant: it is public by design; undefined for any other connector. */
    publicJwks(id: string): string | undefined {
      const row = repo.findById(id);
      return row?.authMode === 'smart-backend' ? readAuth(row)?.publicJwks : undefined;
    },

    create(ctx: RequestContext, input: CreateInput): Connector {
      assertExternalSystem(input.externalSystemId, ctx);
      const auth = withSmartBackendKeys(input.authMode, mergeAuthConfig(null, input.authConfig));
      const now = clock.now();
      const id = ids('CONN');
      const row = commitChange(id, () => {
        const created = repo.insert({
          id,
          tenantId: ctx.tenantId,
          externalSystemId: input.externalSystemId ?? null,
          facilityId: input.facilityId || null,
          name: input.name,
          protocol: input.protocol,
          direction: input.direction,
          host: input.host || null,
          port: input.port ?? null,
          tlsEnabled: input.tlsEnabled,
          authMode: input.authMode,
          authConfigCipher: sealAuth(auth),
          messageTypes: input.messageTypes,
          settings: settingsToStore(input, {}, input.settings),
          status: 'configured',
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'connector.create', entityType: 'connector', entityId: id }, now);
        return created;
      });
      return dto(row);
    },

    async update(ctx: RequestContext, input: UpdateInput): Promise<Connector> {
      const row = load(input.id, ctx);
      assertExternalSystem(input.externalSystemId, ctx);
      const stored = readAuth(row);
      const authMode = input.authMode ?? (row.authMode as Connector['authMode']);
      const auth = withSmartBackendKeys(authMode, mergeAuthConfig(stored, input.authConfig));
      const merged = {
        tlsEnabled: input.tlsEnabled ?? row.tlsEnabled,
        protocol: input.protocol ?? (row.protocol as Connector['protocol']),
        direction: input.direction ?? (row.direction as Connector['direction']),
        host: input.host === undefined ? row.host : input.host,
        port: input.port === undefined ? row.port : input.port,
        authMode,
        authKeys: Object.keys(auth ?? {}),
        settingsKeys: Object.keys(input.settings ?? {}),
      };
      const issues = connectorRuleIssues(merged);
      if (issues.length > 0) throw validationFailed(issues);
      const patch: ConnectorPatch = {
        name: input.name ?? row.name,
        protocol: merged.protocol,
        direction: merged.direction,
        host: merged.host || null,
        port: merged.port ?? null,
        tlsEnabled: merged.tlsEnabled,
        authMode: merged.authMode,
        settings: settingsToStore(merged, row.settings, input.settings),
        authConfigCipher: auth === stored ? row.authConfigCipher : sealAuth(auth),
        messageTypes: input.messageTypes ?? row.messageTypes,
        facilityId: input.facilityId === undefined ? row.facilityId : input.facilityId || null,
        externalSystemId: input.externalSystemId === undefined ? row.externalSystemId : input.externalSystemId,
        updatedAt: clock.now(),
      };
      const updated = commitChange(row.id, () => {
        const next = casUpdate(row, input.version, patch);
        const changed = Object.keys(patch).filter((k) => k !== 'updatedAt' && k !== 'authConfigCipher');
        journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'connector.update', entityType: 'connector', entityId: row.id, details: { fields: changed, authConfigChanged: input.authConfig !== undefined } }, patch.updatedAt ?? clock.now());
        return next;
      });
      await deps.applyRuntime(updated);
      return dto(repo.findById(updated.id) ?? updated);
    },

    remove(ctx: RequestContext, id: string): null {
      const row = load(id, ctx);
      if (row.status === 'active' || row.status === 'paused') {
        throw new AppError('conflict', 'INTEROP_CONNECTOR_ACTIVE', `Connector ${id} is ${row.status}; deactivate it before deleting it`);
      }
      commitChange(id, () => {
        repo.delete(id);
        journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: 'connector.delete', entityType: 'connector', entityId: id }, clock.now());
      });
      return null;
    },

    /**
     * Moves a connector through its lifecycle. Activating a listener binds it first: the connector
     * becomes active only once its port is bound, and stays as it was when the port cannot be had.
     */
    async transition(ctx: RequestContext, id: string, action: ConnectorAction): Promise<Connector> {
      const row = load(id, ctx);
      const target = nextStatus(row.status as Connector['status'], action);
      if (!target) {
        if (action === 'activate') throw alreadyActive(row, row.id);
        throw new AppError('conflict', 'INTEROP_INVALID_STATE_TRANSITION', `Connector ${id} is ${row.status} and cannot ${action}`, { status: row.status, action });
      }
      const binds = target === 'active' && isListener(row);
      if (target === 'active') assertSlotFree(row);
      if (binds) {
        const bound = await deps.bindListener(row);
        if (!bound.ok) throw bindRefused(row, bound.failure);
      }
      let updated: ConnectorRow;
      try {
        updated = commitChange(id, () => {
          const now = clock.now();
          const next = casUpdate(row, row.version, {
            status: target,
            updatedAt: now,
            ...(target === 'active' ? { activatedAt: now, lastError: null } : {}),
          });
          journal.appendEvent({ tenantId: row.tenantId, type: lifecycleEvents[action], aggregateType: 'connector', aggregateId: id, payload: { from: row.status, to: target } }, now);
          journal.appendAudit({ tenantId: ctx.tenantId, actor: ctx.actor, action: `connector.${action}`, entityType: 'connector', entityId: id }, now);
          return next;
        });
      } catch (error) {
        // The listener bound for this activation must not outlive a refused commit.
        if (binds) await deps.applyRuntime(repo.findById(id) ?? row);
        throw error;
      }
      await deps.applyRuntime(updated);
      return dto(repo.findById(id) ?? updated);
    },

    /** Sets or clears the runtime error the console shows; not a user edit, so the version stays. */
    reportError(id: string, error: string | null): void {
      if (repo.setLastError(id, error)) changes.publish({ topic: 'connectors', id });
    },

    /** Brings every active connector's listener up, as at engine start. */
    async resumeActive(): Promise<void> {
      for (const row of repo.allActive()) await deps.applyRuntime(row);
    },

    readAuth,

    /** The stored row of a connector the caller may see (404 otherwise), for engine parts that work on rows. */
    rowOf(ctx: RequestContext, id: string): ConnectorRow {
      return load(id, ctx);
    },

    healthChecks(ctx: RequestContext, id: string, page: PageRequest): { data: HealthCheck[]; page: number; pageSize: number; total: number } {
      load(id, ctx);
      const { rows, total } = repo.healthChecks(id, page);
      return { data: rows.map(toHealthCheckDto), page: page.page, pageSize: page.pageSize, total };
    },
  };
}
export type ConnectorService = ReturnType<typeof createConnectorService>;

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

