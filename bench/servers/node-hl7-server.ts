/** Benchmark child, the peer: node-hl7-server answering AA with its own ACK builder. */
import { Server } from 'node-hl7-server';
import { freePort } from '../../test/support/free-port';
import { serveUntilStopped } from './lifecycle';

const port = await freePort();
const inbound = new Server({ bindAddress: '127.0.0.1' }).createInbound({ port }, async (_req, res) => {
  await res.sendResponse('AA');
});
inbound.once('listen', () => serveUntilStopped(port, async () => void (await inbound.close())));
