import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { MllpDecoder } from './decoder';
import { encodeFrame } from './encoder';

export interface MllpClientOptions {
  host: string;
  port: number;
  /** Trust settings for TLS; omit for plain TCP. */
  tls?: { ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean };
  /** How long to wait for each ACK. */
  timeoutMs?: number;
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
    socket.on('close', () => fail(new Error('the connection was closed')));
  }

  static connect(options: MllpClientOptions): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const ready = () => resolve(new MllpClient(socket, options.timeoutMs ?? 30_000, options.maxFrameBytes ?? 16 * 1024 * 1024));
      const socket = options.tls
        ? tlsConnect({ host: options.host, port: options.port, servername: options.host, ...options.tls }, ready)
        : netConnect({ host: options.host, port: options.port }, ready);
      socket.once('error', reject);
    });
  }

  /** Sends one message and resolves with the ACK payload. */
  send(message: string | Uint8Array): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('one message at a time: wait for the previous ACK'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new Error(`no ACK within ${this.timeoutMs} ms`));
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
