import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeHl7, parse } from '../../hl7';
import { edToAttachment, rpToAttachment } from './attachment';
import { formattedToString, toCode } from './text';
import { readField, readRepetition } from './v2-value';

const corpus = (file: string) => parse(decodeHl7(readFileSync(resolve(import.meta.dirname, '../../../../shared/corpus/hl7v2', file))).text);

describe('RP → Attachment', () => {
  it('points at a corpus order’s image by URL, its type and subtype as the content type', () => {
    const obx = corpus('msfc_ORM-O01-02.hl7').segments('OBX').find((s) => s.get('2') === 'RP')!;
    expect(rpToAttachment(readRepetition(obx, 5))).toEqual({ ok: true, value: { contentType: 'image/pict', url: 'https://testurl.com' } });
  });

  it('names a known subtype by its MIME type, leaves an unnameable one out, and refuses a pointer that is no absolute URL', () => {
    expect(rpToAttachment([['http://docs.example/1'], [''], ['AP'], ['PDF']])).toEqual({ ok: true, value: { contentType: 'application/pdf', url: 'http://docs.example/1' } });
    expect(rpToAttachment([['http://docs.example/2']])).toEqual({ ok: true, value: { url: 'http://docs.example/2' } });
    expect(rpToAttachment([['not a url']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_URL' } });
    expect(rpToAttachment([['1.2.840.317.5947431.51']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_URL' } });
    expect(rpToAttachment([['']])).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });
});

describe('ED → Attachment', () => {
  it('maps a corpus Base64 JPEG thumbnail', () => {
    const obx = corpus('msfc_OUL-R22-01.hl7').segments('OBX').find((s) => s.get('2') === 'ED' && s.get('5.5') !== '')!;
    const result = edToAttachment(readRepetition(obx, 5));
    expect(result).toMatchObject({ ok: true, value: { contentType: 'image/jpeg' } });
    if (result.ok) expect(Buffer.from(result.value.data!, 'base64').toString('utf8')).toBe('This is a Base64 string');
  });

  it('encodes A (text) and Hex data as base64 and takes a MIME subtype as sent', () => {
    expect(edToAttachment([[''], ['TEXT'], [''], ['A'], ['Hi\nthere']])).toEqual({ ok: true, value: { contentType: 'text/plain', data: Buffer.from('Hi\nthere').toString('base64') } });
    expect(edToAttachment([[''], ['AP'], ['PDF'], ['Hex'], ['255044462D']])).toEqual({ ok: true, value: { contentType: 'application/pdf', data: Buffer.from('%PDF-').toString('base64') } });
    expect(edToAttachment([[''], ['application'], ['application/pdf'], ['Base64'], ['JVBERi0=']])).toMatchObject({ ok: true, value: { contentType: 'application/pdf' } });
  });

  it('fails bad Base64, bad Hex, an unknown encoding and missing data; warns on an unknown media type', () => {
    expect(edToAttachment([[''], ['IM'], ['JPEG'], ['Base64'], ['not base64!']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_ENCODING' } });
    expect(edToAttachment([[''], ['IM'], ['JPEG'], ['Hex'], ['XYZ']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_ENCODING' } });
    expect(edToAttachment([[''], ['IM'], ['JPEG'], ['UU'], ['abc']])).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_ENCODING' } });
    const mdm = corpus('msfc_MDM-T02-01.hl7').segments('OBX')[1]!;
    expect(edToAttachment(readRepetition(mdm, 5))).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
    expect(edToAttachment([[''], ['IM'], ['WEIRD'], ['A'], ['x']])).toMatchObject({ ok: true, value: { contentType: 'application/octet-stream' }, issues: [{ code: 'MAP_UNKNOWN_MEDIA_TYPE' }] });
  });
});

describe('FT / TX → string, ID / IS → code', () => {
  it('turns formatting escapes into line breaks and indents and drops highlighting', () => {
    expect(formattedToString('Line one\\.br\\Line two\\.sp 2\\\\H\\Bold\\N\\ text\\.in+2\\x')).toEqual({ ok: true, value: 'Line one\nLine two\n\nBold text\n  x' });
    expect(formattedToString(['first', 'second'])).toEqual({ ok: true, value: 'first\nsecond' });
    expect(formattedToString('\\.br\\')).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_VALUE' } });
  });

  it('joins the repetitions of a corpus TX result as lines', () => {
    const obx = corpus('cdcdex_exampleConcatNotes.hl7').segments('OBX').find((s) => s.get('2') === 'TX' && s.get('5') !== '');
    if (obx) expect(formattedToString(readField(obx, 5).map((r) => r[0]?.[0] ?? ''))).toMatchObject({ ok: true });
  });

  it('keeps a code and refuses one with line breaks or runs of spaces', () => {
    expect(toCode(' F ')).toEqual({ ok: true, value: 'F' });
    expect(toCode('a  b')).toMatchObject({ ok: false, issue: { code: 'MAP_BAD_CODE' } });
    expect(toCode('')).toMatchObject({ ok: false, issue: { code: 'MAP_EMPTY_CODE' } });
  });
});
