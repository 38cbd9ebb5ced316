import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../core/logger';
import { encodeFrame } from './encoder';
import { DEFAULT_MLLP_LIMITS, type MllpLimits } from './limits';
import { MllpListener } from './listener';

const lines: string[] = [];
const listeners: MllpListener[] = [];
const sockets: Socket[] = [];

async function listen(limits: Partial<MllpLimits>): Promise<MllpListener> {
  const listener = new MllpListener({
    host: '127.0.0.1',
    port: 0,
    name: 'CONN_CAPS',
    logger: createLogger('warn', (line) => lines.push(line)),
    limits: { ...DEFAULT_MLLP_LIMITS, ...limits },
    handler: { frame: async () => 'ACK', oversized: async () => 'AR' },
  });
  await listener.start();
  listeners.push(listener);
  return listener;
}

/** A connection from `localAddress` (127.0.0.x are distinct remote addresses to the listener), open once the listener has it. */
function open(listener: MllpListener, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: listener.port!, localAddress }, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** Resolves how the server ended the connection: 'closed' for a FIN, with whatever it answered to a frame sent first. */
function outcomeOf(socket: Socket): Promise<{ ended: 'closed' | 'reset'; answer: string }> {
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.once('end', () => resolve({ ended: 'closed', answer }));
    socket.once('error', () => resolve({ ended: 'reset', answer }));
    socket.write(encodeFrame('MSH|^~\\&|A'));
  });
}

const ackOf = (socket: Socket): Promise<string> => new Promise((resolve) => (socket.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1'))), socket.write(encodeFrame('MSH|^~\\&|A'))));

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const listener of listeners.splice(0)) await listener.stop(100);
  lines.length = 0;
});

describe('MLLP listener connection caps', () => {
  it('closes a connection beyond the listener cap politely (FIN, no answer), logs and counts it, and keeps serving the others', async () => {
    const listener = await listen({ maxConnections: 2, maxConnectionsPerAddress: 10 });
    const first = await open(listener, '127.0.0.2');
    const second = await open(listener, '127.0.0.3');
    const third = await open(listener, '127.0.0.4');
    expect(await outcomeOf(third)).toEqual({ ended: 'closed', answer: '' });
    expect(listener.refusedConnections).toBe(1);
    expect(lines.some((l) => l.includes('mllp connection refused') && l.includes('"reason":"listener"') && l.includes('"limit":2'))).toBe(true);
    expect(await ackOf(first)).toBe(encodeFrame('ACK').toString('latin1'));
    expect(await ackOf(second)).toBe(encodeFrame('ACK').toString('latin1'));
  });

  it('caps connections per remote address while other addresses still connect', async () => {
    const listener = await listen({ maxConnections: 10, maxConnectionsPerAddress: 2 });
    await open(listener, '127.0.0.5');
    await open(listener, '127.0.0.5');
    const extra = await open(listener, '127.0.0.5');
    expect((await outcomeOf(extra)).ended).toBe('closed');
    expect(listener.refusedConnections).toBe(1);
    expect(lines.some((l) => l.includes('"reason":"address"'))).toBe(true);
    const other = await open(listener, '127.0.0.6');
    expect(await ackOf(other)).toBe(encodeFrame('ACK').toString('latin1'));
  });

  it('gives an address its slot back when one of its connections closes', async () => {
    const listener = await listen({ maxConnections: 10, maxConnectionsPerAddress: 1 });
    const first = await open(listener, '127.0.0.7');
    await ackOf(first);
    await new Promise<void>((resolve) => (first.once('close', () => resolve()), first.end()));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await open(listener, '127.0.0.7');
    expect(await ackOf(again)).toBe(encodeFrame('ACK').toString('latin1'));
    expect(listener.refusedConnections).toBe(0);
  });
});
