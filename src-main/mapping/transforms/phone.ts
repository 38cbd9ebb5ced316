import type { MapResult } from './result';
import { fail, ok } from './result';

/**
 * normalize_phone: the digits of a number (a leading + kept), an extension after x/ext dropped into
 * `;ext=` as RFC 3966 writes it. format_phone_us: a 10-digit NANP number (or 11 with a leading 1) as
 * `(555) 555-5555`.
 */

const EXTENSION = /\s*(?:x|ext\.?|extension)\s*(\d+)\s*$/i;

export function normalizePhone(text: string): MapResult<string> {
  const extension = EXTENSION.exec(text);
  const main = extension ? text.slice(0, extension.index) : text;
  if (/[^\d\s()+.\-/]/.test(main)) return fail('MAP_BAD_PHONE', 'not a phone number (expected digits with optional + ( ) - . / spaces and an x extension)');
  const digits = main.replace(/\D/g, '');
  if (digits.length < 3 || digits.length > 15) return fail('MAP_BAD_PHONE', 'not a phone number (expected 3 to 15 digits)');
  const plus = main.trim().startsWith('+') ? '+' : '';
  return ok(`${plus}${digits}${extension ? `;ext=${extension[1]}` : ''}`);
}

export function formatPhoneUs(text: string): MapResult<string> {
  const normalized = normalizePhone(text);
  if (!normalized.ok) return normalized;
  const [number, extension] = normalized.value.split(';ext=');
  const digits = number!.replace(/^\+/, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return fail('MAP_BAD_PHONE', 'not a US number (expected 10 digits, or 11 starting with 1)');
  return ok(`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}${extension ? ` x${extension}` : ''}`);
}
