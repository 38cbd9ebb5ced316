import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBatch } from './batch';
import { decodeHl7 } from './charset';
import type { Hl7Delimiters } from './delimiters';
import { Hl7ParseError } from './errors';
import { encodeEscapes } from './escape';
import { readHeader, salvageHeader } from './header';
import { parse, tryParse } from './parse';

const PUNCTUATION = [...'|^~\\&#!@$%*+/:;<=>?[]{}`\'",.-_'];

/** A field separator and 4 or 5 encoding characters, all distinct. */
const delimiters: fc.Arbitrary<Hl7Delimiters> = fc
  .tuple(fc.shuffledSubarray(PUNCTUATION, { minLength: 6, maxLength: 6 }), fc.boolean())
  .map(([[field, component, repetition, escape, subcomponent, truncation], withTruncation]) => ({
    field: field!,
    component: component!,
    repetition: repetition!,
    escape: escape!,
    subcomponent: subcomponent!,
    truncation: withTruncation ? truncation! : '',
    encodingCharacters: `${component}${repetition}${escape}${subcomponent}${withTruncation ? truncation : ''}`,
  }));

/** Text that includes every delimiter, line breaks, formatting-escape look-alikes and non-ASCII. */
const value = fc.string({
  unit: fc.oneof(fc.constantFrom(...PUNCTUATION, '\r', '\n', 'H', 'N', '.br', 'X0D', ' '), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })),
  maxLength: 12,
});

/** Any segment id but MSH and the batch envelope ones (no B, F or M first). */
const segmentId = fc
  .tuple(fc.constantFrom(...'ACDEGHIJKLNOPQRSTUVWXYZ'), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'))
  .map((c) => c.join(''));

/** field → repetitions → components → subcomponents of decoded values. */
const fieldValues = fc.array(fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });
const terminator = fc.constantFrom('\r', '\n', '\r\n', '\r\n\r\n', '\n\n');

const header = (d: Hl7Delimiters): string =>
  ['MSH', d.encodingCharacters, 'APP', 'FAC', 'RCV', 'RFAC', '20240101', '', `ADT${d.component}A01`, 'CTRL', 'P', '2.5'].join(d.field);

function encodeField(field: string[][][], d: Hl7Delimiters): string {
  return field.map((rep) => rep.map((comp) => comp.map((sub) => encodeEscapes(sub, d)!).join(d.subcomponent)).join(d.component)).join(d.repetition);
}

describe('properties', () => {
  it('round-trips random messages with random delimiters, escaped content and terminators, and decodes every value', () => {
    const message = fc.record({
      d: delimiters,
      segments: fc.array(fc.record({ id: segmentId, fields: fc.array(fieldValues, { maxLength: 6 }) }), { maxLength: 6 }),
      terminators: fc.array(terminator, { minLength: 7, maxLength: 7 }),
      trailing: fc.boolean(),
      bom: fc.boolean(),
    });
    fc.assert(
      fc.property(message, ({ d, segments, terminators, trailing, bom }) => {
        const lines = [header(d), ...segments.map((s) => [s.id, ...s.fields.map((f) => encodeField(f, d))].join(d.field))];
        const text = (bom ? '\uFEFF' : '') + lines.map((line, i) => line + (i < lines.length - 1 || trailing ? terminators[i]! : '')).join('');
        const parsed = parse(text);
        expect(parsed.toString()).toBe(text);
        expect(parsed.delimiters).toMatchObject({ ...d });
        segments.forEach((s, i) => {
          const segment = parsed.segments()[i + 1]!;
          s.fields.forEach((field, f) => {
            field.forEach((rep, r) =>
              rep.forEach((comp, c) =>
                comp.forEach((sub, k) => expect(segment.get(`${f + 1}[${r + 1}].${c + 1}.${k + 1}`)).toBe(sub)),
              ),
            );
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('reads back any string it writes, before and after re-parsing', () => {
    const edit = fc.record({
      d: delimiters,
      text: value,
      field: fc.integer({ min: 1, max: 12 }),
      rep: fc.integer({ min: 1, max: 3 }),
      comp: fc.integer({ min: 1, max: 4 }),
      sub: fc.integer({ min: 1, max: 3 }),
    });
    fc.assert(
      fc.property(edit, ({ d, text, field, rep, comp, sub }) => {
        const message = parse(`${header(d)}\rPID${d.field}1${d.field}${d.field}X${d.component}Y\r`);
        const path = `PID-${field}[${rep}].${comp}.${sub}`;
        message.set(path, text);
        expect(message.get(path)).toBe(text);
        expect(parse(message.toString()).get(path)).toBe(text);
        message.set('MSH-10', text);
        expect(parse(message.toString()).header.controlId).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  function onlyParseErrors(fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
    }
  }

  function exercise(text: string): void {
    onlyParseErrors(() => {
      const message = parse(text);
      expect(message.toString()).toBe(text);
      for (const segment of message.segments()) {
        for (let n = 1; n <= segment.fieldCount; n++) segment.getAll(n);
      }
      void message.header;
    });
    expect(tryParse(text).ok).toBeTypeOf('boolean');
    onlyParseErrors(() => expect(parseBatch(text, { counts: 'warn' }).toString()).toBe(text));
    onlyParseErrors(() => readHeader(text));
    expect(() => salvageHeader(text)).not.toThrow();
  }

  it('raises nothing but Hl7ParseError on random text', () => {
    const noise = fc.string({ unit: fc.oneof(fc.constantFrom('|', '^', '~', '\\', '&', '\r', '\n', 'M', 'S', 'H', 'B', 'F', 'T', '\u0000', '\u000b', '"'), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 200 });
    fc.assert(fc.property(noise, (text) => exercise(text)), { numRuns: 1000 });
    fc.assert(fc.property(noise, (text) => exercise(`MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5\r${text}`)), { numRuns: 1000 });
    fc.assert(fc.property(noise, (text) => exercise(`MSH${text}`)), { numRuns: 1000 });
  });

  it('raises nothing but Hl7ParseError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, prefixed) => {
        const input = prefixed ? Buffer.concat([Buffer.from('MSH|^~\\&|A|B|C|D|1||ADT^A01|1|P|2.5|||||'), bytes]) : bytes;
        exercise(decodeHl7(input).text);
      }),
      { numRuns: 1000 },
    );
  });
});
