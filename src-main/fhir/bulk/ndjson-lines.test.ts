import { describe, expect, it } from 'vitest';
import { ndjsonLines } from './ndjson-lines';

async function* chunksOf(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part, 'utf8');
}

async function collect(lines: AsyncIterable<{ text: string; end: number; tooLong: boolean }>) {
  const out = [];
  for await (const line of lines) out.push(line);
  return out;
}

describe('ndjsonLines', () => {
  it('yields each line with the byte offset just past its line break, across chunk boundaries', async () => {
    const lines = await collect(ndjsonLines(chunksOf('{"a":1}\n{"b"', ':2}\r\n\n{"c":3}'), 0, 1000));
    expect(lines).toEqual([
      { text: '{"a":1}', end: 8, tooLong: false },
      { text: '{"b":2}', end: 17, tooLong: false },
      { text: '', end: 18, tooLong: false },
      { text: '{"c":3}', end: 25, tooLong: false },
    ]);
  });

  it('counts bytes, not characters, for multi-byte text split inside a character', async () => {
    const whole = Buffer.from('{"n":"Zoë"}\n{"n":"Ş"}\n', 'utf8');
    async function* split() {
      yield whole.subarray(0, 9);
      yield whole.subarray(9);
    }
    const lines = await collect(ndjsonLines(split(), 0, 1000));
    expect(lines.map((l) => l.text)).toEqual(['{"n":"Zoë"}', '{"n":"Ş"}']);
    expect(lines.at(-1)?.end).toBe(whole.length);
  });

  it('drops a byte-order mark only at the start of the file', async () => {
    expect((await collect(ndjsonLines(chunksOf('\uFEFF{}\n'), 0, 100)))[0]?.text).toBe('{}');
    expect((await collect(ndjsonLines(chunksOf('\uFEFF{}\n'), 40, 100)))[0]).toEqual({ text: '\uFEFF{}', end: 46, tooLong: false });
  });

  it('reports a line over the limit without its text and carries on with the next', async () => {
    const lines = await collect(ndjsonLines(chunksOf('x'.repeat(30), 'y'.repeat(30), '\n{}\n', 'z'.repeat(70)), 0, 50));
    expect(lines).toEqual([
      { text: '', end: 61, tooLong: true },
      { text: '{}', end: 64, tooLong: false },
      { text: '', end: 134, tooLong: true },
    ]);
  });
});
