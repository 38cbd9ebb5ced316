import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { MllpDecoder } from './decoder';
import { encodeFrame } from './encoder';
import { AppError } from '../core/errors';

export interface MllpClientOptions {
  host: string;
  port: number;
  /** Trust settings for TLS; omit for plain TCP. */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** How long to wait for each ACK. */
  timeoutMs?: number;
  /** How long to wait for the connection (and the TLS handshake); default 10 s. */
  connectTimeoutMs?: number;
  maxFrameBytes?: number;
}

/** An MLLP sender on one persistent connection: one message at a time, each waiting for its ACK. */
export class MllpClient {
  private readonly decoder: MllpDecoder;
  /** ACKs that arrived when none was awaited (late after a timeout): dropped, not misattributed. */
  unsolicited = 0;
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket, private readonly timeoutMs: number, maxFrameBytes: number) {
    this.decoder = new MllpDecoder(maxFrameBytes);
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.decoder.push(chunk)) if (event.type === 'frame') this.deliver(event.payload);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      this.waiting?.reject(error);
      this.waiting = undefined;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new AppError('unavailable', 'MLLP_CONNECTION_CLOSED', 'the connection was closed')));
  }

  /** False once the connection failed or closed: a new one is needed. */
  get open(): boolean {
    return this.failure === undefined && !this.socket.destroyed;
  }

  static connect(options: MllpClientOptions): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new AppError('unavailable', 'MLLP_CONNECT_TIMEOUT', `no connection within ${connectTimeoutMs} ms`));
      }, connectTimeoutMs);
      const ready = () => {
        clearTimeout(timer);
        socket.off('error', failed);
        resolve(new MllpClient(socket, options.timeoutMs ?? 30_000, options.maxFrameBytes ?? 16 * 1024 * 1024));
      };
      const failed = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      // SNI takes host names only (an IP address as the server name is refused by Node).
      const servername = isIP(options.host) === 0 ? { servername: options.host } : {};
      const socket = options.tls ? tlsConnect({ host: options.host, port: options.port, ...servername, ...options.tls }, ready) : netConnect({ host: options.host, port: options.port }, ready);
      socket.once('error', failed);
    });
  }

  /** Sends one message and resolves with the ACK payload. */
  send(message: string | Uint8Array): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('one message at a time: wait for the previous ACK'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new AppError('unavailable', 'MLLP_ACK_TIMEOUT', `no ACK within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting = {
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.socket.write(encodeFrame(message));
    });
  }

  /** Drops the connection at once (after an ACK timeout the stream can no longer be trusted to pair answers with messages). */
  destroy(): void {
    this.socket.destroy();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.end();
    });
  }

  private deliver(payload: Buffer): void {
    const waiting = this.waiting;
    if (!waiting) {
      this.unsolicited++;
      return;
    }
    this.waiting = undefined;
    waiting.resolve(payload);
  }
}
