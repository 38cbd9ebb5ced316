import { ConnectorSettings } from '../api/contract';
import type { Logger } from '../core/logger';
import type { Intake } from '../messages/intake';
import { DEFAULT_MLLP_LIMITS } from '../mllp/limits';
import { MllpListener } from '../mllp/listener';
import type { ConnectorRow } from '../store/connectors-repo';

export interface ListenerRuntimeDeps {
  intake: Intake;
  logger: Logger;
  readAuth: (row: ConnectorRow) => Record<string, string> | null;
  /** Records (or clears, with null) the error the console shows on the connector. */
  reportError: (connectorId: string, error: string | null) => void;
  /** Bind address for listeners whose connector names no host (default all interfaces, as MLLP peers are on the LAN). */
  defaultBindHost?: string;
}

const listens = (row: ConnectorRow): boolean => row.status === 'active' && row.protocol === 'mllp' && row.direction !== 'outbound';

/** Keeps one running MLLP listener per active inbound MLLP connector, in step with the store. */
export function createListenerRuntime(deps: ListenerRuntimeDeps) {
  const running = new Map<string, { listener: MllpListener; signature: string }>();
  let chain: Promise<void> = Promise.resolve();

  async function apply(row: ConnectorRow): Promise<void> {
    const current = running.get(row.id);
    const signature = JSON.stringify([row.host, row.port, row.tlsEnabled, row.settings, row.messageTypes, row.authConfigCipher]);
    if (current && listens(row) && current.signature === signature) return;
    if (current) {
      running.delete(row.id);
      await current.listener.stop();
      deps.logger.log('info', 'mllp listener stopped', { connector: row.id });
    }
    if (!listens(row)) return;
    const settings = ConnectorSettings.parse(row.settings);
    const auth = row.tlsEnabled ? deps.readAuth(row) : null;
    const listener = new MllpListener({
      name: row.id,
      host: row.host ?? deps.defaultBindHost ?? '0.0.0.0',
      port: row.port ?? 0,
      limits: { ...DEFAULT_MLLP_LIMITS, maxFrameBytes: settings.maxFrameBytes, maxConnections: settings.maxConnections, idleTimeoutMs: settings.idleTimeoutSeconds * 1000 },
      tls: auth?.certificate && auth.privateKey ? { cert: auth.certificate, key: auth.privateKey, ca: auth.caCertificate } : undefined,
      logger: deps.logger,
      handler: deps.intake.handlerFor({
        connectorId: row.id,
        tenantId: row.tenantId,
        policy: row.messageTypes.length > 0 ? { messageTypes: row.messageTypes } : {},
        settings,
      }),
    });
    try {
      await listener.start();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'EADDRINUSE' ? `port ${row.port} is already in use on this machine` : code === 'EACCES' ? `not allowed to listen on port ${row.port}` : `cannot listen: ${error instanceof Error ? error.message : String(error)}`;
      deps.logger.log('warn', 'mllp listener failed to start', { connector: row.id, code });
      deps.reportError(row.id, reason);
      return;
    }
    running.set(row.id, { listener, signature });
    deps.reportError(row.id, null);
    deps.logger.log('info', 'mllp listener started', { connector: row.id, port: listener.port });
  }

  return {
    /** Starts, restarts or stops the connector's listener to match its row; calls run one at a time. */
    sync(row: ConnectorRow): Promise<void> {
      chain = chain.then(() => apply(row));
      return chain;
    },
    /** The bound port of a running listener (port 0 connectors get one from the OS). */
    portOf: (connectorId: string): number | undefined => running.get(connectorId)?.listener.port,
    isRunning: (connectorId: string): boolean => running.has(connectorId),
    /** Every port an MLLP listener is bound to right now. */
    ports: (): number[] => [...running.values()].flatMap((r) => (r.listener.port !== undefined ? [r.listener.port] : [])),
    async stopAll(): Promise<void> {
      await chain;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map((r) => r.listener.stop()));
    },
  };
}
export type ListenerRuntime = ReturnType<typeof createListenerRuntime>;
