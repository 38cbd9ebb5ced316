import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { Logger } from '../core/logger';
import { MllpDecoder } from './decoder';
import { encodeFrame } from './encoder';
import type { MllpLimits } from './limits';

export interface MllpConnectionInfo {
  id: number;
  remoteAddress: string;
  /** False once the socket is gone: an answer produced now would not be sent. */
  isOpen(): boolean;
}

/** What the listener asks of intake. Each returns the ACK payload to frame and send, or undefined for none. */
export interface MllpHandler {
  frame(payload: Buffer, connection: MllpConnectionInfo): Promise<string | Buffer | undefined>;
  oversized(size: number, head: Buffer, connection: MllpConnectionInfo): Promise<string | Buffer | undefined>;
  junk?(size: number, connection: MllpConnectionInfo): void;
  /** An ACK was written, `latencyMs` after its frame was complete (the connector's ACK latency). */
  acked?(latencyMs: number): void;
}

export interface MllpTlsOptions {
  key: string;
  cert: string;
  /** CA bundle that client certificates must chain to; set to require client certificates. */
  ca?: string | undefined;
}

export interface MllpListenerOptions {
  host: string;
  port: number;
  limits: MllpLimits;
  handler: MllpHandler;
  tls?: MllpTlsOptions | undefined;
  logger: Logger;
  /** Included in log lines (ids only, never payloads). */
  name: string;
  /** Called when the server stops listening without stop() having been called. */
  onClosed?: () => void;
}

/**
 * One MLLP server. Frames on a connection are handled strictly in order (ACK n before frame n+1 is
 * read), the socket is paused when too many wait, and a bad frame never closes the connection.
 */
export class MllpListener {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly perAddress = new Map<string, number>();
  private refused = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private nextConnectionId = 1;

  constructor(private readonly options: MllpListenerOptions) {}

  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Connections closed on arrival because the listener, or their remote address, had as many open as allowed. */
  get refusedConnections(): number {
    return this.refused;
  }

  start(): Promise<void> {
    const { tls } = this.options;
    const server = tls
      ? createTlsServer({ key: tls.key, cert: tls.cert, ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}) }, (s) => this.accept(s))
      : createNetServer((s) => this.accept(s));
    server.on('error', (error) => this.options.logger.log('error', 'mllp server error', { listener: this.options.name, code: (error as NodeJS.ErrnoException).code }));
    server.on('close', () => {
      if (this.server !== server) return;
      this.server = undefined;
      this.options.onClosed?.();
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.options.host, port: this.options.port }, () => {
        server.off('error', reject);
        this.server = server;
        resolve();
      });
    });
  }

  /** Stops accepting, lets frames already being handled finish (up to `graceMs`), then closes connections. */
  async stop(graceMs = 5000): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.pause();
    await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Closes a connection over the listener's or its address's cap politely: FIN, what it sent discarded, destroyed if it lingers. */
  private refuse(socket: Socket, reason: 'listener' | 'address'): void {
    const { limits, logger, name } = this.options;
    this.refused++;
    logger.log('warn', 'mllp connection refused', { listener: name, reason, limit: reason === 'listener' ? limits.maxConnections : limits.maxConnectionsPerAddress });
    socket.on('error', () => undefined);
    socket.setTimeout(5_000, () => socket.destroy());
    socket.resume();
    socket.end();
  }

  private accept(socket: Socket): void {
    const { limits, handler, logger, name } = this.options;
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (this.sockets.size >= limits.maxConnections) return this.refuse(socket, 'listener');
    if (fromAddress >= limits.maxConnectionsPerAddress) return this.refuse(socket, 'address');
    this.perAddress.set(address, fromAddress + 1);
    const connection: MllpConnectionInfo = { id: this.nextConnectionId++, remoteAddress: address, isOpen: () => !socket.destroyed };
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs, () => socket.end());
    socket.on('error', (error) => logger.log('warn', 'mllp connection error', { listener: name, connection: connection.id, code: (error as NodeJS.ErrnoException).code }));
    socket.on('close', () => {
      this.sockets.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });

    const decoder = new MllpDecoder(limits.maxFrameBytes);
    let pending = 0;
    let chain: Promise<void> = Promise.resolve();
    const enqueue = (work: () => Promise<string | Buffer | undefined>, completeAt: number): void => {
      pending++;
      if (pending >= limits.maxPendingFrames) socket.pause();
      const step = chain.then(async () => {
        let reply: string | Buffer | undefined;
        try {
          reply = await work();
        } catch (error) {
          logger.log('error', 'mllp frame handling failed', { listener: name, connection: connection.id, error: error instanceof Error ? error.name : 'unknown' });
        }
        if (reply !== undefined && !socket.destroyed) {
          socket.write(encodeFrame(reply));
          handler.acked?.(performance.now() - completeAt);
        }
        pending--;
        if (pending < limits.maxPendingFrames && socket.isPaused() && this.server) socket.resume();
      });
      chain = step;
      this.inFlight.add(step);
      void step.finally(() => this.inFlight.delete(step));
    };

    socket.on('data', (chunk: Buffer) => {
      // Every frame this chunk completes is complete now: one clock read per chunk, not per frame.
      const completeAt = performance.now();
      for (const event of decoder.push(chunk)) {
        if (event.type === 'frame') enqueue(() => handler.frame(event.payload, connection), completeAt);
        else if (event.type === 'oversized') enqueue(() => handler.oversized(event.size, event.head, connection), completeAt);
        else handler.junk?.(event.size, connection);
      }
    });
  }
}
