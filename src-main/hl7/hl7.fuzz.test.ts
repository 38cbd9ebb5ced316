import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusFiles, encoded, flippedBytes, fuzzParams, mutatedText, withinBudget } from '../../test/support/fuzz';
import { assessFrame } from '../messages/assess-frame';
import { parseBatch } from './batch';
import { decodeHl7, parseHl7Bytes } from './charset';
import { Hl7ParseError } from './errors';
import { readHeader, salvageHeader } from './header';
import { parse, tryParse } from './parse';

const seeds = corpusFiles('hl7v2', '.hl7').map((bytes) => decodeHl7(bytes).text);
const policy = { versions: ['2.3', '2.5', '2.5.1'], messageTypes: ['ADT', 'ORU'] };
const stamp = { controlId: 'ACK1', timestamp: '20240101000000' };

/** Runs `fn`; an Hl7ParseError (the parser's documented failure) is an answer, anything else fails the case. */
function parsedOrRefused<T>(fn: () => T): T | Hl7ParseError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Hl7ParseError) return error;
    throw error;
  }
}

/** Every reading entry of the codec on one text: only Hl7ParseError escapes, and what parses writes back byte for byte. */
function exercise(text: string): void {
  const message = parsedOrRefused(() => parse(text));
  if (!(message instanceof Hl7ParseError)) {
    const written = message.toString();
    expect(written).toBe(text);
    // parse → encode → parse: the second reading sees the same segments and header.
    const again = parse(written);
    expect(again.segments().map((s) => s.toString())).toEqual(message.segments().map((s) => s.toString()));
    expect(again.header).toEqual(message.header);
    for (const segment of message.segments()) for (let n = 1; n <= Math.min(segment.fieldCount, 40); n++) segment.getAll(n);
  }
  expect(tryParse(text).ok).toBe(!(message instanceof Hl7ParseError));
  const batch = parsedOrRefused(() => parseBatch(text, { counts: 'warn' }));
  if (!(batch instanceof Hl7ParseError)) expect(batch.toString()).toBe(text);
  parsedOrRefused(() => readHeader(text));
  salvageHeader(text);
}

describe('HL7 v2 parser fuzzing (seeded from ../shared/corpus)', () => {
  it('has a corpus to mutate', () => {
    expect(seeds.length).toBeGreaterThan(100);
  });

  it('raises nothing but Hl7ParseError on mutated corpus messages, and round-trips whatever it parses', () => {
    fc.assert(
      fc.property(mutatedText(seeds), (text) => withinBudget(() => exercise(text))),
      fuzzParams(400),
    );
  });

  it('reads mutated corpus bytes in any encoding without raising anything but Hl7ParseError', () => {
    fc.assert(
      fc.property(flippedBytes(encoded(mutatedText(seeds))), (bytes) =>
        withinBudget(() => {
          const decoded = decodeHl7(bytes);
          expect(typeof decoded.text).toBe('string');
          parsedOrRefused(() => parseHl7Bytes(bytes));
          exercise(decoded.text);
        }),
      ),
      fuzzParams(200),
    );
  });

  it('assesses any received frame without throwing, and answers with an ACK that itself parses', () => {
    fc.assert(
      fc.property(flippedBytes(encoded(mutatedText(seeds))), (bytes) =>
        withinBudget(() => {
          const assessment = assessFrame(bytes, policy, stamp);
          expect(['pending', 'failed']).toContain(assessment.status);
          const ack = parse(assessment.ack.payload);
          expect(ack.segments()[1]?.get(1)).toBe(assessment.ack.code);
        }),
      ),
      fuzzParams(300),
    );
  });
});
