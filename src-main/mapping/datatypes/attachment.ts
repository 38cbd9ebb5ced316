import type { Attachment } from '@medplum/fhirtypes';
import type { MapResult } from '../transforms/result';
import { fail, issue, ok } from '../transforms/result';
import type { V2Value } from './v2-value';
import { comp } from './v2-value';

/**
 * ED → Attachment (the guide's ED sheet): ED.3 subtype (with ED.2 type) → contentType as a MIME type,
 * ED.5 data → base64 by the ED.4 encoding: A (text, sent as UTF-8 bytes), Base64 (checked, whitespace
 * dropped) or Hex. ED.1 (source application) has no FHIR place. A subtype we cannot name as MIME type
 * gives application/octet-stream with a MAP_UNKNOWN_MEDIA_TYPE warning.
 */

const SUBTYPES: Readonly<Record<string, string>> = {
  JPEG: 'image/jpeg',
  JPG: 'image/jpeg',
  PNG: 'image/png',
  GIF: 'image/gif',
  TIFF: 'image/tiff',
  BMP: 'image/bmp',
  PDF: 'application/pdf',
  RTF: 'application/rtf',
  HTML: 'text/html',
  XML: 'application/xml',
  SGML: 'text/sgml',
  DICOM: 'application/dicom',
  'OCTET-STREAM': 'application/octet-stream',
  POSTSCRIPT: 'application/postscript',
  MSWORD: 'application/msword',
  PLAIN: 'text/plain',
  BASIC: 'audio/basic',
  WAV: 'audio/wav',
  MPEG: 'video/mpeg',
};
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

function contentType(type: string, subtype: string): string | undefined {
  if (MIME.test(subtype)) return subtype.toLowerCase();
  const known = SUBTYPES[subtype.toUpperCase()];
  if (known) return known;
  if (subtype === '' && /^(TX|TEXT)$/i.test(type)) return 'text/plain';
  return undefined;
}

function base64Of(encoding: string, data: string): MapResult<string> {
  switch (encoding.toUpperCase()) {
    case 'A':
    case '':
      return ok(Buffer.from(data, 'utf8').toString('base64'));
    case 'BASE64': {
      const compact = data.replace(/\s+/g, '');
      return BASE64.test(compact) ? ok(compact) : fail('MAP_BAD_ENCODING', 'not Base64 data (expected A–Z, a–z, 0–9, + and / in groups of four, = padding)');
    }
    case 'HEX': {
      const compact = data.replace(/\s+/g, '');
      return HEX.test(compact) ? ok(Buffer.from(compact, 'hex').toString('base64')) : fail('MAP_BAD_ENCODING', 'not Hex data (expected pairs of 0–9 and A–F)');
    }
    default:
      return fail('MAP_BAD_ENCODING', 'an unknown ED encoding (expected A, Base64 or Hex)');
  }
}

export function edToAttachment(ed: V2Value): MapResult<Attachment> {
  const data = ed[4]?.[0] ?? '';
  if (data.trim() === '') return fail('MAP_EMPTY_VALUE', 'no data (expected ED.5)');
  const encoded = base64Of(comp(ed, 4), data);
  if (!encoded.ok) return encoded;
  const type = contentType(comp(ed, 2), comp(ed, 3));
  const warnings = type === undefined ? [issue('MAP_UNKNOWN_MEDIA_TYPE', 'the ED type and subtype name no known media type; application/octet-stream used')] : [];
  return ok({ contentType: type ?? 'application/octet-stream', data: encoded.value }, warnings);
}

/**
 * RP (reference pointer) → Attachment (the guide's RP[Attachment] sheet): RP.1 pointer → url, RP.3 type
 * and RP.4 subtype → contentType (`RP.3/RP.4`, or the MIME type a known subtype names); RP.2, the
 * application that holds it, has no FHIR place. Only an absolute URL (a scheme, no whitespace) is one a
 * reader can follow: a bare id (or an OID) fails, so the field is reported instead of written as a link.
 */
export function rpToAttachment(rp: V2Value): MapResult<Attachment> {
  const url = comp(rp, 1).trim();
  if (url === '') return fail('MAP_EMPTY_VALUE', 'no pointer (expected RP.1)');
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(url)) return fail('MAP_BAD_URL', 'not a URL (expected RP.1 as scheme:address, without whitespace)');
  const [type, subtype] = [comp(rp, 3), comp(rp, 4)];
  const named = contentType(type, subtype) ?? (MIME.test(`${type}/${subtype}`) ? `${type}/${subtype}`.toLowerCase() : undefined);
  return ok({ ...(named !== undefined && { contentType: named }), url });
}
