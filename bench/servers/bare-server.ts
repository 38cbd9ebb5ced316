/**
 * Benchmark child, the upper bound: MLLP framing plus the same header read and ACK build as the
 * engine, and nothing stored.
 */
import { createServer, type AddressInfo } from 'node:net';
import { ackCodeFor, buildAck, formatHl7Timestamp, readHeader } from '../../src-main/hl7';
import { MllpDecoder } from '../../src-main/mllp/decoder';
import { encodeFrame } from '../../src-main/mllp/encoder';
import { serveUntilStopped } from './lifecycle';

let next = 0;
const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  const decoder = new MllpDecoder(16 * 1024 * 1024);
  socket.on('data', (chunk: Buffer) => {
    for (const event of decoder.push(chunk)) {
      if (event.type !== 'frame') continue;
      const header = readHeader(event.payload.toString('utf8'));
      const ack = buildAck(header, { code: ackCodeFor(header, 'accept'), controlId: `BARE${++next}`, timestamp: formatHl7Timestamp(new Date()) });
      socket.write(encodeFrame(ack));
    }
  });
});
server.listen(0, '127.0.0.1', () => serveUntilStopped((server.address() as AddressInfo).port, async () => undefined));
