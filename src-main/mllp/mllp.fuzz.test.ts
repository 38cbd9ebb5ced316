import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, flippedBytes, fuzzParams, withinBudget } from '../../test/support/fuzz';
import { createLogger } from '../core/logger';
import { MllpDecoder, type MllpEvent } from './decoder';
import { encodeFrame } from './encoder';
import { DEFAULT_MLLP_LIMITS } from './limits';
import { MllpListener } from './listener';

const messages = corpusFiles('hl7v2', '.hl7');
const MAX_FRAME = 64 * 1024;

/** A stream of corpus messages in MLLP frames, then damaged: bytes flipped, frames cut, blocks doubled or dropped, junk between. */
const wire: fc.Arbitrary<Buffer> = flippedBytes(
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...messages).map((m) => encodeFrame(m)),
        fc.tuple(fc.constantFrom(...messages), fc.nat()).map(([m, cut]) => encodeFrame(m).subarray(0, cut % (m.length + 3))),
        fc.constantFrom(...messages).map((m) => Buffer.concat([Buffer.from([0x0b, 0x0b]), m, Buffer.from([0x1c, 0x1c, 0x0d])])),
        fc.constantFrom(...messages).map((m) => Buffer.concat([m, Buffer.from([0x1c, 0x0d])])),
        fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
        fc.integer({ min: 1, max: 4 }).map((n) => Buffer.alloc(MAX_FRAME * n, 'A')),
      ),
      { maxLength: 6 },
    )
    .map((parts) => Buffer.concat(parts)),
);
const cuts = fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 20 });

/** Feeds `bytes` to the decoder in chunks of the given sizes (cycled). */
function feed(decoder: MllpDecoder, bytes: Buffer, sizes: number[]): MllpEvent[] {
  const events: MllpEvent[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const next = Math.min(bytes.length, at + sizes[k % sizes.length]!);
    events.push(...decoder.push(bytes.subarray(at, next)));
    at = next;
  }
  return events;
}

describe('MLLP decoder fuzzing (corpus messages in damaged frames)', () => {
  it('never throws, keeps frames within the cap and free of block characters, and decodes a clean frame after any damage', () => {
    fc.assert(
      fc.property(wire, cuts, (bytes, sizes) =>
        withinBudget(() => {
          const decoder = new MllpDecoder(MAX_FRAME);
          const events = feed(decoder, bytes, sizes);
          for (const event of events) {
            if (event.type === 'frame') {
              expect(event.payload.length).toBeLessThanOrEqual(MAX_FRAME);
              expect(event.payload.includes(0x0b) || event.payload.includes(0x1c)).toBe(false);
            } else if (event.type === 'oversized') {
              expect(event.size).toBeGreaterThan(MAX_FRAME);
              expect(event.head.length).toBeLessThanOrEqual(2048);
            } else expect(event.size).toBeGreaterThan(0);
          }
          // Whatever came before, the next well-formed frame comes through intact.
          const after = decoder.push(encodeFrame('MSH|^~\\&|RESYNC'));
          expect(after.at(-1)).toEqual({ type: 'frame', payload: Buffer.from('MSH|^~\\&|RESYNC') });
        }),
      ),
      fuzzParams(300),
    );
  });
});

describe('MLLP listener fuzzing over a real socket', () => {
  const logger = createLogger('error', () => undefined);
  const seen = { frames: 0 };
  const listener = new MllpListener({
    host: '127.0.0.1',
    port: 0,
    name: 'fuzz',
    logger,
    limits: { ...DEFAULT_MLLP_LIMITS, maxFrameBytes: MAX_FRAME },
    handler: {
      frame: async (payload) => (seen.frames++, payload.toString('latin1').startsWith('MSH|^~\\&|RESYNC') ? 'ACK RESYNC' : 'ACK'),
      oversized: async () => 'TOO LARGE',
    },
  });
  beforeAll(() => listener.start());
  afterAll(() => listener.stop());

  /** Sends the damage, then a clean frame, and resolves with everything answered once the clean frame's answer arrives. */
  function exchange(bytes: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(listener.port!, '127.0.0.1');
      let answered = '';
      const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no answer to the clean frame; got ${JSON.stringify(answered.slice(-200))}`))), 5_000);
      socket.on('data', (chunk: Buffer) => {
        answered += chunk.toString('latin1');
        if (answered.includes('ACK RESYNC')) {
          clearTimeout(timer);
          socket.end();
          resolve(answered);
        }
      });
      socket.on('error', (error) => (clearTimeout(timer), reject(error)));
      socket.write(bytes);
      socket.write(encodeFrame('MSH|^~\\&|RESYNC'));
    });
  }

  it('answers a clean frame after any damaged stream on the same connection, and stays up', async () => {
    await fc.assert(
      fc.asyncProperty(wire, async (bytes) => {
        const answered = await exchange(bytes);
        expect(answered.endsWith(encodeFrame('ACK RESYNC').toString('latin1'))).toBe(true);
      }),
      fuzzParams(40),
    );
    expect(listener.port).toBeTypeOf('number');
    expect(seen.frames).toBeGreaterThan(0);
  });
});
