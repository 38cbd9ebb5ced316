import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBatch } from './batch';
import { decodeHl7 } from './charset';
import { Hl7ParseError } from './errors';
import { readHeader } from './header';
import { parse } from './parse';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
const hl7Dir = path.join(corpus, 'hl7v2');

interface ManifestEntry {
  local: string;
  category: string;
  hl7: { segments: number; messages: number; msg_types: string[]; versions: string[]; encoding_chars: string; obx: number; z_segments: string[] } | null;
}
const manifest = JSON.parse(readFileSync(path.join(corpus, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] };
const entry = (local: string): ManifestEntry => manifest.files.find((f) => f.local === local)!;
const hl7Files = (dir: string): string[] => readdirSync(path.join(hl7Dir, dir)).filter((f) => f.endsWith('.hl7')).sort();
const read = (...parts: string[]): string => decodeHl7(readFileSync(path.join(hl7Dir, ...parts))).text;

/** MSH-n by plain splitting of the first line: an oracle independent of the parser. */
function naiveMshField(text: string, n: number): string {
  const line = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)[0]!;
  return line.split(line[3]!)[n - 1] ?? '';
}

describe('corpus: single messages', () => {
  const files = hl7Files('');

  it('has the messages SOURCES.md lists', () => {
    expect(files.length).toBe(manifest.files.filter((f) => f.category === 'hl7').length);
  });

  it.each(files)('%s parses, matches the manifest and round-trips byte for byte', (file) => {
    const text = read(file);
    const facts = entry(`hl7v2/${file}`).hl7!;
    const message = parse(text);
    const header = message.header;
    expect(header.messageType).toBe(facts.msg_types[0]);
    expect(header.version).toBe(facts.versions[0]);
    expect(header.controlId).not.toBe('');
    expect(header.controlId).toBe(naiveMshField(text, 10));
    expect(message.get('MSH-10')).toBe(header.controlId);
    expect(message.segments().length).toBe(facts.segments);
    expect(message.segments('OBX').length).toBe(facts.obx);
    for (const z of facts.z_segments) expect(message.segments(z).length).toBeGreaterThan(0);
    expect(readHeader(text)).toEqual(header);
    expect(message.toString()).toBe(text);
  });
});

describe('corpus: original copies with LF, CRLF, mixed endings, blank lines and byte-order marks', () => {
  it.each(hl7Files('original'))('original/%s round-trips byte for byte', (file) => {
    const bytes = readFileSync(path.join(hl7Dir, 'original', file));
    const text = decodeHl7(bytes).text;
    expect(parse(text).toString()).toBe(text);
    expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true);
  });

  it('reads the same header from an original as from its normalized copy', () => {
    for (const file of hl7Files('original')) {
      expect(readHeader(read('original', file)).controlId).toBe(readHeader(read(file)).controlId);
    }
  });
});

describe('corpus: several messages in one file', () => {
  it.each(['', 'original'])('splits batch/%s into the messages the manifest counts and round-trips it', (dir) => {
    const file = 'cdcdex_GenV1_Batch_No_headers_twoMSH.hl7';
    const text = read('batch', dir, file);
    const facts = entry(`hl7v2/batch/${file}`).hl7!;
    const batch = parseBatch(text);
    expect(batch.messages.length).toBe(facts.messages);
    expect(batch.messages.map((m) => m.header.messageType)).toEqual(Array(facts.messages).fill(facts.msg_types[0]));
    expect(batch.messages.map((m) => m.header.version)).toEqual(Array(facts.messages).fill(facts.versions[0]));
    expect(batch.messages.reduce((n, m) => n + m.segments('OBX').length, 0)).toBe(facts.obx);
    expect(batch.toString()).toBe(text);
  });
});

describe('corpus: malformed fixtures', () => {
  // Decided per file from the SOURCES.md table: syntax breakage is a parse error; content and
  // profile violations parse, and the ACK layer (checkHeader) answers them.
  const syntaxErrors: Record<string, string> = {
    'cdcdex_empty.hl7': 'HL7_EMPTY',
    'cdcdex_PID_only_no_MSH.hl7': 'HL7_NO_MSH',
    'cdcdex_Genv1_junk_before_MSH.hl7': 'HL7_BAD_SEGMENT',
    'cdcdex_Lyme_WithBadDelimiters.hl7': 'HL7_BAD_ENCODING_CHARS',
    'cdcdex_Hepatitis_TC02_truncated_MSH.hl7': 'HL7_MSH_TOO_SHORT',
  };
  const contentErrors = [
    'cdcdex_PHLIP_FLU_NO_MSH9.hl7',
    'cdcdex_PHLIP_FLU_NO_MSH10.hl7',
    'cdcdex_PHLIP_FLU_NO_MSH12.hl7',
    'cdcdex_PHLIP_FLU_PID5_ERROR.hl7',
    'cdcdex_GenV1_withStructureErrors.hl7',
  ];

  it('classifies every malformed fixture', () => {
    expect([...Object.keys(syntaxErrors), ...contentErrors].sort()).toEqual(hl7Files('malformed'));
  });

  it.each(Object.entries(syntaxErrors))('rejects %s with %s and a position', (file, code) => {
    for (const dir of ['', 'original']) {
      if (dir === 'original' && !hl7Files('malformed/original').includes(file)) continue;
      const text = read('malformed', dir, file);
      let error: unknown;
      try {
        parse(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Hl7ParseError);
      expect((error as Hl7ParseError).code).toBe(code);
      expect((error as Hl7ParseError).position.offset).toBeTypeOf('number');
      expect(() => parseBatch(text)).toThrow(Hl7ParseError);
    }
  });

  it.each(contentErrors)('parses %s and its original copy, whose problems are content, not syntax', (file) => {
    for (const text of [read('malformed', file), read('malformed', 'original', file)]) expect(parse(text).toString()).toBe(text);
  });

  it('reads the empty MSH-9, MSH-10 and MSH-12 of the content fixtures as empty', () => {
    expect(parse(read('malformed', 'cdcdex_PHLIP_FLU_NO_MSH9.hl7')).header.messageType).toBe('');
    expect(parse(read('malformed', 'cdcdex_PHLIP_FLU_NO_MSH10.hl7')).header.controlId).toBe('');
    expect(parse(read('malformed', 'cdcdex_PHLIP_FLU_NO_MSH12.hl7')).header.version).toBe('');
  });
});
