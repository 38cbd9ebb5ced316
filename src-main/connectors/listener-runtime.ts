import { ConnectorSettings, isListener } from '../../src-shared';
import type { Clock } from '../core/clock';
import type { Logger } from '../core/logger';
import type { Intake } from '../messages/intake';
import { DEFAULT_MLLP_LIMITS } from '../mllp/limits';
import { MllpListener } from '../mllp/listener';
import type { ConnectorRow } from '../store/connectors-repo';
import { bindFailureOf, bindFailureReason, type BindFailure } from './bind-failure';

export interface ListenerRuntimeDeps {
  intake: Intake;
  logger: Logger;
  clock: Clock;
  readAuth: (row: ConnectorRow) => Record<string, string> | null;
  /** Records (or clears, with null) the error the console shows on the connector. */
  reportError: (connectorId: string, error: string | null) => void;
  /** Bind address for listeners whose connector names no host (default all interfaces, as MLLP peers are on the LAN). */
  defaultBindHost?: string;
}

/** What the engine knows of one connector's listener; times in epoch ms. */
export interface ListenerState {
  state: 'listening' | 'failed';
  since: number;
  error: string | null;
  port: number | null;
}

export type BindResult = { ok: true } | { ok: false; failure: BindFailure };

interface Entry {
  listener: MllpListener | undefined;
  signature: string;
  state: ListenerState;
}

const listens = (row: ConnectorRow): boolean => row.status === 'active' && isListener(row);
const signatureOf = (row: ConnectorRow): string => JSON.stringify([row.host, row.port, row.tlsEnabled, row.settings, row.messageTypes, row.authConfigCipher]);

/**
 * Keeps one running MLLP listener per active inbound MLLP connector, in step with the store, and
 * knows which of them listen and which failed (and why). Calls run one at a time.
 */
export function createListenerRuntime(deps: ListenerRuntimeDeps) {
  const entries = new Map<string, Entry>();
  let chain: Promise<unknown> = Promise.resolve();
  /** Set when intake halted (a failed fsync): no listener runs again until the engine restarts. */
  let haltReason: string | undefined;

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = chain.then(work);
    chain = next.catch(() => undefined);
    return next;
  }

  const holderOf = (row: ConnectorRow): string | undefined =>
    [...entries].find(([id, e]) => id !== row.id && e.listener !== undefined && e.listener.port === row.port)?.[0];

  async function stop(id: string): Promise<void> {
    const entry = entries.get(id);
    entries.delete(id);
    if (!entry?.listener) return;
    await entry.listener.stop();
    deps.logger.log('info', 'mllp listener stopped', { connector: id });
  }

  function markFailed(id: string, signature: string, error: string): void {
    entries.set(id, { listener: undefined, signature, state: { state: 'failed', since: deps.clock.now(), error, port: null } });
    deps.reportError(id, error);
  }

  async function start(row: ConnectorRow): Promise<{ listener: MllpListener } | { failure: BindFailure }> {
    const settings = ConnectorSettings.parse(row.settings);
    const auth = row.tlsEnabled ? deps.readAuth(row) : null;
    const host = row.host ?? deps.defaultBindHost ?? '0.0.0.0';
    const signature = signatureOf(row);
    if (haltReason !== undefined) return { failure: { code: 'INTAKE_HALTED', host, port: row.port, holderConnectorId: undefined, message: haltReason } };
    const listener = new MllpListener({
      name: row.id,
      host,
      port: row.port ?? 0,
      limits: { ...DEFAULT_MLLP_LIMITS, maxFrameBytes: settings.maxFrameBytes, maxConnections: settings.maxConnections, maxConnectionsPerAddress: settings.maxConnectionsPerAddress ?? DEFAULT_MLLP_LIMITS.maxConnectionsPerAddress, idleTimeoutMs: settings.idleTimeoutSeconds * 1000 },
      tls: auth?.certificate && auth.privateKey ? { cert: auth.certificate, key: auth.privateKey, ca: auth.caCertificate } : undefined,
      logger: deps.logger,
      handler: deps.intake.handlerFor({
        connectorId: row.id,
        tenantId: row.tenantId,
        policy: row.messageTypes.length > 0 ? { messageTypes: row.messageTypes } : {},
        settings,
      }),
      onClosed: () => {
        if (entries.get(row.id)?.listener !== listener) return;
        deps.logger.log('error', 'mllp listener stopped listening', { connector: row.id });
        markFailed(row.id, signature, 'the listener stopped listening unexpectedly; deactivate and activate the connector to start it again');
      },
    });
    try {
      await listener.start();
    } catch (error) {
      const failure = bindFailureOf(error, host, row.port, holderOf(row));
      deps.logger.log('warn', 'mllp listener failed to start', { connector: row.id, code: failure.code });
      return { failure };
    }
    entries.set(row.id, { listener, signature, state: { state: 'listening', since: deps.clock.now(), error: null, port: listener.port ?? null } });
    deps.logger.log('info', 'mllp listener started', { connector: row.id, port: listener.port });
    return { listener };
  }

  async function apply(row: ConnectorRow): Promise<void> {
    const current = entries.get(row.id);
    if (current?.listener && listens(row) && current.signature === signatureOf(row)) return;
    await stop(row.id);
    if (!listens(row)) return;
    const started = await start(row);
    if ('failure' in started) markFailed(row.id, signatureOf(row), bindFailureReason(started.failure));
    else deps.reportError(row.id, null);
  }

  return {
    /** Starts, restarts or stops the listener of a stored connector to match its row; a failure shows as `failed`. */
    sync: (row: ConnectorRow): Promise<void> => serial(() => apply(row)),
    /**
     * Starts the listener of a connector about to become active and answers once it is bound (or
     * why it cannot be); a failure is not recorded, as the connector stays as it was.
     */
    bind: (row: ConnectorRow): Promise<BindResult> =>
      serial(async () => {
        await stop(row.id);
        const started = await start({ ...row, status: 'active' });
        return 'failure' in started ? { ok: false, failure: started.failure } : { ok: true };
      }),
    stateOf: (connectorId: string): ListenerState | undefined => entries.get(connectorId)?.state,
    /** The bound port of a running listener (port 0 connectors get one from the OS). */
    portOf: (connectorId: string): number | undefined => entries.get(connectorId)?.listener?.port,
    isRunning: (connectorId: string): boolean => entries.get(connectorId)?.listener !== undefined,
    /** Connections open now on a running listener (health checks). */
    connectionsOf: (connectorId: string): number | undefined => entries.get(connectorId)?.listener?.connectionCount,
    /** Intake cannot accept messages any more: stops every listener and shows the reason on each connector. */
    halt(reason: string): Promise<void> {
      haltReason = reason;
      return serial(async () => {
        const all = [...entries].flatMap(([id, e]) => (e.listener ? [{ id, listener: e.listener, signature: e.signature }] : []));
        // Marked first, so the closing servers are not taken for unexpected failures.
        for (const { id, signature } of all) markFailed(id, signature, reason);
        await Promise.all(all.map(({ listener }) => listener.stop()));
        deps.logger.log('error', 'mllp listeners stopped: intake halted', { listeners: all.length });
      });
    },
    /** Every port an MLLP listener is bound to right now. */
    ports: (): number[] => [...entries.values()].flatMap((e) => (e.listener?.port !== undefined ? [e.listener.port] : [])),
    async stopAll(): Promise<void> {
      await serial(async () => {
        const all = [...entries.values()];
        entries.clear();
        await Promise.all(all.map((e) => e.listener?.stop()));
      });
    },
  };
}
export type ListenerRuntime = ReturnType<typeof createListenerRuntime>;
