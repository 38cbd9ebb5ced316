import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MllpDecoder, type MllpEvent } from './decoder';
import { encodeFrame } from './encoder';

const frames = (events: MllpEvent[]) => events.filter((e) => e.type === 'frame').map((e) => (e.type === 'frame' ? e.payload.toString() : ''));
const feed = (decoder: MllpDecoder, ...chunks: (string | Buffer)[]) => chunks.flatMap((c) => decoder.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));

describe('MLLP decoder', () => {
  it('decodes one frame', () => {
    expect(frames(feed(new MllpDecoder(1024), encodeFrame('MSH|^~\\&|A\r')))).toEqual(['MSH|^~\\&|A\r']);
  });

  it('reassembles a frame split across chunks, even byte by byte', () => {
    const wire = encodeFrame('MSH|^~\\&|SPLIT\rPID|1\r');
    const decoder = new MllpDecoder(1024);
    const events = [...wire].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(frames(events)).toEqual(['MSH|^~\\&|SPLIT\rPID|1\r']);
  });

  it('decodes several frames in one chunk', () => {
    const wire = Buffer.concat([encodeFrame('one'), encodeFrame('two'), encodeFrame('three')]);
    expect(frames(feed(new MllpDecoder(1024), wire))).toEqual(['one', 'two', 'three']);
  });

  it('skips and counts bytes before the start block', () => {
    const events = feed(new MllpDecoder(1024), Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n'), encodeFrame('msg')]));
    expect(events).toEqual([{ type: 'junk', size: 16 }, { type: 'frame', payload: Buffer.from('msg') }]);
  });

  it('accepts a frame whose end block lacks the carriage return', () => {
    const wire = Buffer.from('\x0bfirst\x1c\x0bsecond\x1c', 'latin1');
    expect(frames(feed(new MllpDecoder(1024), wire))).toEqual(['first', 'second']);
  });

  it('does not treat a carriage return after an end block split across chunks as junk', () => {
    const events = feed(new MllpDecoder(1024), '\x0bmsg\x1c', '\r', '\x0bnext\x1c\r');
    expect(events).toEqual([{ type: 'frame', payload: Buffer.from('msg') }, { type: 'frame', payload: Buffer.from('next') }]);
  });

  it('reports an oversized frame, discards it, and decodes the next one', () => {
    const decoder = new MllpDecoder(10);
    const events = feed(decoder, '\x0b0123456789', 'ABCDEF', '\x1c\r', encodeFrame('small'));
    expect(events).toEqual([{ type: 'oversized', size: 16, head: Buffer.from('0123456789ABCDEF') }, { type: 'frame', payload: Buffer.from('small') }]);
  });

  it('drops an unfinished frame cut off by a new start block', () => {
    const events = feed(new MllpDecoder(1024), '\x0bhalf a mess', '\x0bwhole\x1c\r');
    expect(events).toEqual([{ type: 'junk', size: 12 }, { type: 'frame', payload: Buffer.from('whole') }]);
  });

  it('tells whether a frame is in progress', () => {
    const decoder = new MllpDecoder(1024);
    decoder.push(Buffer.from('\x0bpartial'));
    expect(decoder.inFrame).toBe(true);
    decoder.push(Buffer.from('\x1c\r'));
    expect(decoder.inFrame).toBe(false);
  });

  it('yields the same frames however the stream is chunked', () => {
    const payload = fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0b && b !== 0x1c)));
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }), (payloads, cuts) => {
        const wire = Buffer.concat(payloads.map((p) => encodeFrame(p)));
        const decoder = new MllpDecoder(1 << 20);
        const events: MllpEvent[] = [];
        let at = 0;
        for (let k = 0; at < wire.length; k++) {
          const next = Math.min(wire.length, at + (cuts[k % cuts.length] as number));
          events.push(...decoder.push(wire.subarray(at, next)));
          at = next;
        }
        expect(events.map((e) => (e.type === 'frame' ? e.payload.toString('hex') : e.type))).toEqual(payloads.map((p) => p.toString('hex')));
      }),
    );
  });
});
