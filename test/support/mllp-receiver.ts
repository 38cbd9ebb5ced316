import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { MllpDecoder } from '../../src-main/mllp/decoder';
import { encodeFrame } from '../../src-main/mllp/encoder';

/** How the receiver answers one message: an ACK code, silence (no answer at all), or an ACK naming another control id. */
export type ReceiverAnswer = 'AA' | 'AE' | 'AR' | 'CA' | 'silent' | 'wrong-control-id';

export interface ReceivedMessage {
  controlId: string;
  text: string;
  /** The connection it came on (1, 2, …): how the test sees reconnects and a kept-open connection. */
  connection: number;
  /** The client certificate's CN on a TLS connection, if the client sent one. */
  clientCn?: string | undefined;
}

export interface MllpReceiverOptions {
  answer?: (message: ReceivedMessage, index: number) => ReceiverAnswer;
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
}

/** A real MLLP peer on 127.0.0.1 for outbound tests: it records what it gets, answers as told, and can go away and come back on the same port. */
export interface MllpReceiver {
  port: number;
  received: ReceivedMessage[];
  connections: number;
  /** Closes the listening socket and every connection (the peer disappears). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const controlIdOf = (text: string): string => text.split('\r')[0]?.split('|')[9] ?? '';

const ackFor = (controlId: string, code: string): string => `MSH|^~\\&|PEER|PEER|ENGINE|ENGINE|20260101120000||ACK|A-${controlId}|P|2.5.1\rMSA|${code}|${controlId}|${code === 'AA' || code === 'CA' ? '' : 'refused by the test peer'}\r`;

export async function startMllpReceiver(options: MllpReceiverOptions = {}, port = 0): Promise<MllpReceiver> {
  const answer = options.answer ?? (() => 'AA');
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const receiver: MllpReceiver = {
    port,
    received: [],
    connections: 0,
    async stop() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async start() {
      const onConnection = (socket: Socket) => {
        const connection = ++receiver.connections;
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
        const clientCn = options.tls ? ((socket as TLSSocket).getPeerCertificate?.()?.subject?.CN as string | undefined) : undefined;
        const decoder = new MllpDecoder(16 * 1024 * 1024);
        socket.on('data', (chunk: Buffer) => {
          for (const event of decoder.push(chunk)) {
            if (event.type !== 'frame') continue;
            const text = event.payload.toString('utf8');
            const message: ReceivedMessage = { controlId: controlIdOf(text), text, connection, clientCn };
            const index = receiver.received.length;
            receiver.received.push(message);
            const reply = answer(message, index);
            if (reply === 'silent') continue;
            socket.write(encodeFrame(reply === 'wrong-control-id' ? ackFor(`${message.controlId}-OTHER`, 'AA') : ackFor(message.controlId, reply)));
          }
        });
      };
      const created = options.tls
        ? createTlsServer({ cert: options.tls.cert, key: options.tls.key, ...(options.tls.ca ? { ca: options.tls.ca } : {}), requestCert: options.tls.requestCert ?? false, rejectUnauthorized: options.tls.requestCert ?? false }, onConnection)
        : createNetServer(onConnection);
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(receiver.port, '127.0.0.1', () => resolve());
      });
      const address = created.address();
      if (typeof address === 'object' && address) receiver.port = address.port;
      server = created;
    },
  };
  await receiver.start();
  return receiver;
}
