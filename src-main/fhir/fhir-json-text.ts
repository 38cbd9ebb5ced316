import { parse as parseLossless } from 'lossless-json';

/**
 * FHIR JSON text that keeps decimals as they were written. FHIR says a decimal's precision is part of
 * its value (`2.0` is not `2`, a lab's `1.30` keeps its three significant figures), but a JavaScript
 * number cannot hold it: JSON.parse reads `1.30` as 1.3 and JSON.stringify writes `1.3`.
 *
 * Resources stay plain objects with plain numbers (validation, FHIRPath and search read them as
 * before). A number whose text is not what JSON.stringify would write for it (trailing zeros, an
 * exponent, more digits than a double holds) is remembered beside the object that holds it — the
 * object and the key — and written back as it was by `stringifyFhirJson`. The memory is keyed by the
 * holding object (a WeakMap), so it goes with the object: objects copied by spreading a parent keep it,
 * a number changed since it was read is written as the new number (its text no longer reads as its value).
 */

type Key = string | number;
const lexemes = new WeakMap<object, Map<Key, string>>();
/** Whether any text was ever remembered in this thread: until then stringifying needs no look at the tree. */
let remembered = false;

/** A decimal with the text it was written as, for a transform's result (mapping/target-path.ts unwraps it). */
export class DecimalText {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/** The text JSON.stringify writes for this number text's value differs from the text: it must be remembered. */
const keepsText = (text: string): boolean => JSON.stringify(Number(text)) !== text;
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Remembers that `holder[key]` (a number) was written as `text`; nothing when the text is how JSON writes it anyway, or is no JSON number. */
export function rememberDecimal(holder: object, key: Key, text: string): void {
  if (!JSON_NUMBER.test(text) || !keepsText(text)) return;
  let texts = lexemes.get(holder);
  if (!texts) lexemes.set(holder, (texts = new Map()));
  texts.set(key, text);
  remembered = true;
}

/** `text` (a JSON number) as a number, with its text when JSON would write it otherwise: for a transform whose result is a bare decimal. */
export function decimalOf(text: string): DecimalText | number {
  const value = Number(text);
  return JSON_NUMBER.test(text) && keepsText(text) ? new DecimalText(value, text) : value;
}

/** The decimal text remembered for `from[fromKey]`, if any, is remembered for `to[toKey]` too (a copy that moves items). */
export function carryDecimalText(from: object, fromKey: Key, to: object, toKey: Key): void {
  const text = lexemes.get(from)?.get(fromKey);
  if (text !== undefined) rememberDecimal(to, toKey, text);
}

/**
 * The decimal texts of `from[fromKey]` and of everything below it, remembered for `to[toKey]`: for a
 * copy made by code that knows nothing of them (a JSON Patch library cloning an operation's value).
 * Only where the copy still has the same shape and numbers do the texts take effect (see textOf).
 */
export function carryDecimalTexts(from: object, fromKey: Key, to: object, toKey: Key): void {
  if (!remembered) return;
  carryDecimalText(from, fromKey, to, toKey);
  const source = (from as Record<Key, unknown>)[fromKey];
  const target = (to as Record<Key, unknown>)[toKey];
  if (typeof source !== 'object' || source === null || typeof target !== 'object' || target === null || source === target) return;
  for (const key of Array.isArray(source) ? source.keys() : Object.keys(source)) carryDecimalTexts(source, key, target, key);
}

/** `{ ...base, ...over }`, keeping the decimal texts remembered on either (over's where both have the key). */
export function mergeFhirJson(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...base, ...over };
  for (const from of [base, over]) for (const [key, text] of lexemes.get(from) ?? []) if (merged[key] === from[key]) rememberDecimal(merged, key, text);
  return merged;
}

/** The text `holder[key]` was written as, while it still reads as the number held there. */
function textOf(holder: object, key: Key, value: number): string | undefined {
  const text = lexemes.get(holder)?.get(key);
  return text !== undefined && Number(text) === value ? text : undefined;
}

/**
 * Number tokens JSON.parse would not give back as written: a fraction ending in 0, an exponent, or more
 * digits than a double keeps. Looked for after `:`, `,` or `[` so base64 and most text do not match;
 * text that does only costs the slower parse.
 */
const CANDIDATE = /[:,[]\s*-?(?:\d+\.\d*0(?!\d)|\d+(?:\.\d+)?[eE]|\d{16,}|\d+\.\d{16,})/;

class NumberToken {
  constructor(readonly text: string) {}
}

/** Replaces the parser's number tokens with numbers, remembering the texts that need it. */
function settle(value: unknown): unknown {
  if (value instanceof NumberToken) return Number(value.text);
  if (typeof value !== 'object' || value === null) return value;
  const holder = value as Record<Key, unknown>;
  for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
    const child = holder[key];
    if (child instanceof NumberToken) {
      holder[key] = Number(child.text);
      rememberDecimal(value, key, child.text);
    } else if (typeof child === 'object' && child !== null) settle(child);
  }
  return value;
}

/** JSON.parse, keeping each decimal's text (see above); throws SyntaxError for text that is not JSON. */
export function parseFhirJson(text: string): unknown {
  if (!CANDIDATE.test(text)) return JSON.parse(text);
  let parsed: unknown;
  try {
    parsed = parseLossless(text, null, (token) => (keepsText(token) ? new NumberToken(token) : Number(token)));
  } catch {
    // What JSON.parse accepts and this parser does not (a repeated key): read as JSON.parse reads it.
    return JSON.parse(text);
  }
  return settle(parsed);
}

/** Whether anything in the tree holds a remembered text. */
function holdsText(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  if (lexemes.has(value)) return true;
  for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null && holdsText(child)) return true;
  return false;
}

/** JSON.stringify (no replacer; `gap` is its indent) with remembered decimal texts written as they were read. */
function write(value: unknown, holder: object | undefined, key: Key, inArray: boolean, gap: string, indent: string): string | undefined {
  let v = value;
  if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: (k: string) => unknown }).toJSON(String(key));
  switch (typeof v) {
    case 'number':
      return (holder && Number.isFinite(v) && textOf(holder, key, v)) || JSON.stringify(v);
    case 'string':
    case 'boolean':
    case 'bigint':
      return JSON.stringify(v);
    case 'object': {
      if (v === null) return 'null';
      if (!holdsText(v)) return gap === '' ? JSON.stringify(v) : JSON.stringify(v, null, gap).replaceAll('\n', `\n${indent}`);
      const inner = indent + gap;
      const list = (open: string, parts: string[], close: string): string =>
        parts.length === 0 ? `${open}${close}` : gap === '' ? `${open}${parts.join(',')}${close}` : `${open}\n${inner}${parts.join(`,\n${inner}`)}\n${indent}${close}`;
      if (Array.isArray(v)) return list('[', v.map((item, i) => write(item, v as object, i, true, gap, inner) ?? 'null'), ']');
      const parts: string[] = [];
      for (const [k, item] of Object.entries(v)) {
        const text = write(item, v, k, false, gap, inner);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${gap === '' ? '' : ' '}${text}`);
      }
      return list('{', parts, '}');
    }
    default:
      return inArray ? 'null' : undefined;
  }
}

/** A server's answer body read as FHIR JSON (decimals keep their text): `{}` when empty, undefined when it is not JSON. */
export function parseFhirAnswer(text: string): unknown {
  if (text === '') return {};
  try {
    return parseFhirJson(text);
  } catch {
    return undefined;
  }
}

/** JSON.stringify (indented by `indent` spaces, as its third argument), writing each remembered decimal as it was read. */
export function stringifyFhirJson(value: unknown, indent = 0): string {
  if (!remembered || !holdsText(value)) return JSON.stringify(value, null, indent);
  return write(value, undefined, '', false, ' '.repeat(indent), '') as string;
}

/**
 * Where the tree holds a remembered decimal text, as `path=text` lines in a stable order: two resources
 * that are deep-equal are the same content only when these agree too (`1.3` and `1.30` differ in FHIR).
 */
export function decimalTexts(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (typeof node !== 'object' || node === null || ArrayBuffer.isView(node)) return;
    const holder = node as Record<Key, unknown>;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const child = holder[key];
      const at = `${path}/${key}`;
      if (typeof child === 'number') {
        const text = textOf(node, key, child);
        if (text !== undefined) found.push(`${at}=${text}`);
      } else walk(child, at);
    }
  };
  if (remembered) walk(value, '');
  return found.sort();
}

/** A deep copy (as JSON.parse(JSON.stringify(value)) makes) that keeps the remembered decimal texts. */
export function cloneFhirJson<T>(value: T): T {
  return (remembered && holdsText(value) ? parseFhirJson(stringifyFhirJson(value)) : JSON.parse(JSON.stringify(value))) as T;
}
