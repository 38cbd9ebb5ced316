import iconv from 'iconv-lite';
import type { Hl7Header } from './header';
import { readHeader } from './header';
import type { Hl7Message } from './message';
import { parse } from './parse';

/*
 * Bytes → text by MSH-18 (HL7 table 0211). MSH-18 is read from the raw bytes first — it is ASCII in
 * every charset an MSH can be found in — so the message is decoded once, with the right codec.
 * Unlabelled and 'ASCII' messages are decoded as UTF-8 when the bytes are valid UTF-8 (senders that
 * say ASCII often mean "whatever our database holds", usually UTF-8) and as ISO 8859-1 otherwise,
 * which maps every byte to one character, so nothing is lost and re-encoding restores the bytes.
 * Windows code pages are not in table 0211, but senders name them (Polish HIS send `CP1250`): a
 * `CP125n` / `WINDOWS-125n` label is decoded with that code page, not read as 8859/1.
 */

const SNIFF_LIMIT = 64 * 1024;
const LABELS: Readonly<Record<string, string>> = {
  'UNICODE UTF-8': 'utf8',
  'UTF-8': 'utf8',
  '8859/1': 'latin1',
  '8859/2': 'iso-8859-2',
  '8859/3': 'iso-8859-3',
  '8859/4': 'iso-8859-4',
  '8859/5': 'iso-8859-5',
  '8859/6': 'iso-8859-6',
  '8859/7': 'iso-8859-7',
  '8859/8': 'iso-8859-8',
  '8859/9': 'iso-8859-9',
  '8859/15': 'iso-8859-15',
  'GB 18030-2000': 'gb18030',
  'BIG-5': 'big5',
  'KS X 1001': 'euc-kr',
  ...Object.fromEntries(['0', '1', '2', '3', '4', '5', '6', '7', '8'].flatMap((n) => [[`CP125${n}`, `windows-125${n}`], [`WINDOWS-125${n}`, `windows-125${n}`]])),
};

export interface DecodedHl7Text {
  readonly text: string;
  /** MSH-18 as found in the bytes ('' when absent). */
  readonly charset: string;
  /** The iconv-lite encoding that was used. */
  readonly encoding: string;
}

/** MSH-18 (first repetition) read straight from the bytes; '' when there is no MSH or no MSH-18. */
export function sniffCharset(bytes: Uint8Array): string {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes[at] !== 0x4d || bytes[at + 1] !== 0x53 || bytes[at + 2] !== 0x48 || bytes.length < at + 5) return '';
  const sep = bytes[at + 3]!;
  const rep = bytes[at + 5];
  const limit = Math.min(bytes.length, SNIFF_LIMIT);
  let field = 1;
  for (at += 4; at < limit && field < 17; at++) {
    const b = bytes[at]!;
    if (b === 13 || b === 10) return '';
    if (b === sep) field++;
  }
  let out = '';
  for (; at < limit; at++) {
    const b = bytes[at]!;
    if (b === sep || b === rep || b === 13 || b === 10) break;
    out += String.fromCharCode(b);
  }
  return out.trim();
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The iconv-lite encoding for an MSH-18 value; bytes decide between UTF-8 and 8859/1 when it is unspecific. */
export function encodingFor(charset: string, bytes?: Uint8Array): string {
  const known = LABELS[charset.toUpperCase()];
  if (known !== undefined) return known;
  if (bytes === undefined) return 'utf8';
  return isUtf8(bytes) ? 'utf8' : 'latin1';
}

// ignoreBOM keeps a byte-order mark in the text (as U+FEFF) instead of dropping it.
const strictUtf8KeepBom = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes message bytes, keeping a UTF-8 byte-order mark as U+FEFF so parse/serialize round-trips it.
 * UTF-8 (declared, or undeclared and valid) is decoded once by the strict decoder — the hot path.
 */
export function decodeHl7(bytes: Uint8Array): DecodedHl7Text {
  const charset = sniffCharset(bytes);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const declared = bom ? 'utf8' : LABELS[charset.toUpperCase()];
  if (declared === undefined || declared === 'utf8') {
    try {
      return { text: strictUtf8KeepBom.decode(bytes), charset, encoding: 'utf8' };
    } catch {
      // Not valid UTF-8: a declared UTF-8 message keeps replacement characters, an undeclared one is 8859/1.
    }
  }
  const encoding = declared ?? 'latin1';
  return { text: iconv.decode(bytes, encoding, { stripBOM: false }), charset, encoding };
}

/** Encodes text for sending in the charset its MSH-18 declares. */
export function encodeHl7(text: string, charset: string): Uint8Array {
  return iconv.encode(text, encodingFor(charset));
}

/** parse() over bytes, decoded by MSH-18. */
export function parseHl7Bytes(bytes: Uint8Array): Hl7Message {
  return parse(decodeHl7(bytes).text);
}

/** readHeader() over bytes: decodes only the MSH line, for the MLLP listener's hot path. */
export function readHeaderBytes(bytes: Uint8Array): Hl7Header {
  let end = 0;
  const limit = Math.min(bytes.length, SNIFF_LIMIT);
  while (end < limit && bytes[end] !== 13 && bytes[end] !== 10) end++;
  const line = bytes.subarray(0, end);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return readHeader(iconv.decode(line, bom ? 'utf8' : encodingFor(sniffCharset(line), line), { stripBOM: false }));
}
