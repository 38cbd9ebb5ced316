/**
 * The MLLP side shared by the reference servers: framing, the same header read and ACK build as the
 * engine, and the ACK written once `accept` says the frame may be acknowledged.
 */
import { createServer, type AddressInfo } from 'node:net';
import { ackCodeFor, buildAck, formatHl7Timestamp, readHeader, type Hl7Header } from '../../src-main/hl7';
import { MllpDecoder } from '../../src-main/mllp/decoder';
import { encodeFrame } from '../../src-main/mllp/encoder';
import { serveUntilStopped } from './lifecycle';

export interface Frame {
  readonly payload: Buffer;
  readonly header: Hl7Header;
  /** Epoch milliseconds when the frame was decoded. */
  readonly receivedAt: number;
}

/**
 * Returns nothing to ACK at once, or a promise to ACK when it settles; a throw or a rejection is
 * answered AR. ACKs go out in the order the promises settle: every server here settles in arrival order.
 */
export type AcceptFrame = (frame: Frame) => void | Promise<void>;

export function serveFrames(name: string, accept: AcceptFrame, stop: () => Promise<void>): void {
  let next = 0;
  const ack = (header: Hl7Header, outcome: 'accept' | 'reject'): Buffer =>
    encodeFrame(buildAck(header, { code: ackCodeFor(header, outcome), controlId: `${name}${++next}`, timestamp: formatHl7Timestamp(new Date()) }));
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    const decoder = new MllpDecoder(16 * 1024 * 1024);
    const answer = (header: Hl7Header, outcome: 'accept' | 'reject'): void => {
      if (!socket.destroyed) socket.write(ack(header, outcome));
    };
    socket.on('data', (chunk: Buffer) => {
      for (const event of decoder.push(chunk)) {
        if (event.type !== 'frame') continue;
        const header = readHeader(event.payload.toString('utf8'));
        let accepted: void | Promise<void>;
        try {
          accepted = accept({ payload: event.payload, header, receivedAt: Date.now() });
        } catch {
          answer(header, 'reject');
          continue;
        }
        if (accepted) accepted.then(() => answer(header, 'accept'), () => answer(header, 'reject'));
        else answer(header, 'accept');
      }
    });
  });
  server.listen(0, '127.0.0.1', () =>
    serveUntilStopped((server.address() as AddressInfo).port, async () => {
      server.close();
      await stop();
    }),
  );
}
