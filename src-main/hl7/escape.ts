import type { Hl7Delimiters } from './delimiters';

/*
 * Escape sequences (HL7 v2 chapter 2.7). Decoding turns \F\ \S\ \T\ \R\ \E\ \P\ and \Xhh…\ into the
 * characters they stand for. Formatting sequences (\H\ \N\ \.br\ \.sp\ \.in\ \.ti\ \.sk\ \.ce\ \.fi\
 * \.nf\) stay intact in decoded text: mapping \.br\ to a newline would make it indistinguishable from
 * an escaped CR (\X0D\), so a read-modify-write would silently change the formatting, and only a
 * viewer knows how to render the rest anyway. Encoding passes the same sequences through untouched,
 * so decode(encode(s)) === s for every s, and a value read and written back keeps its formatting.
 * Unknown or unterminated sequences (\Zxx\, a stray backslash) are kept as text.
 */

const FORMATTING = /^(?:H|N|\.(?:br|fi|nf|ce|sp\d*|in[+-]?\d+|ti[+-]?\d+|sk[+-]?\d*))$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeHex(hex: string): string | undefined {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    if (bytes[i]! >= 0x80) ascii = false;
  }
  if (!ascii) {
    try {
      return utf8.decode(bytes);
    } catch {
      // not UTF-8: one byte per character (ISO 8859-1), which never fails
    }
  }
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Decodes one leaf value (a component or subcomponent already split from its neighbours). */
export function decodeEscapes(value: string, d: Hl7Delimiters): string {
  const esc = d.escape;
  if (esc === '' || value.indexOf(esc) === -1) return value;
  let out = '';
  let from = 0;
  for (;;) {
    const start = value.indexOf(esc, from);
    if (start === -1) break;
    const end = value.indexOf(esc, start + 1);
    if (end === -1) break;
    out += value.slice(from, start);
    const body = value.slice(start + 1, end);
    let decoded: string | undefined;
    switch (body) {
      case 'F': decoded = d.field; break;
      case 'S': decoded = d.component; break;
      case 'T': decoded = d.subcomponent || undefined; break;
      case 'R': decoded = d.repetition || undefined; break;
      case 'E': decoded = esc; break;
      case 'P': decoded = d.truncation || undefined; break;
      default: decoded = body.charCodeAt(0) === 88 /* X */ ? decodeHex(body.slice(1)) : undefined;
    }
    out += decoded ?? value.slice(start, end + 1);
    from = end + 1;
  }
  return out + value.slice(from);
}

/** True when `value` needs no escaping under `d` (the common case, checked without allocating). */
function isPlain(value: string, d: Hl7Delimiters): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === d.field || c === d.component || c === d.repetition || c === d.escape || c === d.subcomponent
      || c === d.truncation || c === '\r' || c === '\n') return false;
  }
  return true;
}

/** Escapes delimiters, the escape character and line breaks; undefined when `d` has no escape character. */
export function encodeEscapes(value: string, d: Hl7Delimiters): string | undefined {
  if (isPlain(value, d)) return value;
  const esc = d.escape;
  if (esc === '') return undefined;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === esc) {
      const end = value.indexOf(esc, i + 1);
      const body = end === -1 ? '' : value.slice(i + 1, end);
      if (end !== -1 && FORMATTING.test(body) && isPlain(body, d)) {
        out += value.slice(i, end + 1);
        i = end;
      } else {
        out += `${esc}E${esc}`;
      }
    } else if (c === d.field) out += `${esc}F${esc}`;
    else if (c === d.component) out += `${esc}S${esc}`;
    else if (c === d.subcomponent) out += `${esc}T${esc}`;
    else if (c === d.repetition) out += `${esc}R${esc}`;
    else if (c === d.truncation) out += `${esc}P${esc}`;
    else if (c === '\r') out += `${esc}X0D${esc}`;
    else if (c === '\n') out += `${esc}X0A${esc}`;
    else out += c;
  }
  return out;
}
