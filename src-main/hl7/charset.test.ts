import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHl7, encodeHl7, encodingFor, parseHl7Bytes, readHeaderBytes, sniffCharset } from './charset';
import { parse } from './parse';

const msh = (charset: string): string => `MSH|^~\\&|A|B|C|D|20240101||ADT^A01|1|P|2.5||||||${charset}\rPID|1||||MÜLLER^JOSÉ\r`;

describe('charset', () => {
  it('sniffs MSH-18 from the bytes without decoding them', () => {
    expect(sniffCharset(Buffer.from(msh('8859/1'), 'latin1'))).toBe('8859/1');
    expect(sniffCharset(Buffer.from(msh('UNICODE UTF-8~8859/1'), 'utf8'))).toBe('UNICODE UTF-8');
    expect(sniffCharset(Buffer.from(msh(''), 'utf8'))).toBe('');
    expect(sniffCharset(Buffer.from('PID|1'))).toBe('');
  });

  it('decodes 8859/1 as latin1 and UNICODE UTF-8 as UTF-8', () => {
    expect(parse(decodeHl7(Buffer.from(msh('8859/1'), 'latin1')).text).get('PID-5.2')).toBe('JOSÉ');
    expect(parse(decodeHl7(Buffer.from(msh('UNICODE UTF-8'), 'utf8')).text).get('PID-5.2')).toBe('JOSÉ');
    expect(decodeHl7(Buffer.from(msh('8859/15'), 'latin1')).encoding).toBe('iso-8859-15');
  });

  it('decodes unlabelled and ASCII messages as UTF-8 when they are, as latin1 when not', () => {
    expect(decodeHl7(Buffer.from(msh('ASCII'), 'utf8'))).toMatchObject({ charset: 'ASCII', encoding: 'utf8' });
    const latin = decodeHl7(Buffer.from(msh(''), 'latin1'));
    expect(latin.encoding).toBe('latin1');
    expect(parse(latin.text).get('PID-5.1')).toBe('MÜLLER');
  });

  it('keeps a UTF-8 byte-order mark so the text round-trips to the same bytes', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(msh(''), 'utf8')]);
    const { text } = decodeHl7(bytes);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(parse(text).toString(), 'utf8').equals(bytes)).toBe(true);
  });

  it('decodes a Windows code page a sender names (CP1250, WINDOWS-1251) with it, not as latin1', () => {
    // After the Asseco InfoMedica ORM^O01 of the sweep (MSH-18 CP1250, Polish names).
    const polish = 'MSH|^~\\&|SZPM||LABHL7||20070716112609||ORM^O01|1E273|P|2.3|||AL||PL|CP1250|PL\rPID|1|68032000001|2121||Pawłowska^Bożena\r';
    const decoded = decodeHl7(iconv.encode(polish, 'windows-1250'));
    expect(decoded).toMatchObject({ charset: 'CP1250', encoding: 'windows-1250' });
    expect(parse(decoded.text).get('PID-5.1')).toBe('Pawłowska');
    expect(parseHl7Bytes(iconv.encode(msh('windows-1251').replace('MÜLLER', 'ИВАНОВ'), 'windows-1251')).get('PID-5.1')).toBe('ИВАНОВ');
    expect(Buffer.from(encodeHl7('ż', 'CP1250'))).toEqual(Buffer.from([0xbf]));
  });

  it('encodes text in the charset MSH-18 names', () => {
    expect(Buffer.from(encodeHl7('É', '8859/1'))).toEqual(Buffer.from([0xc9]));
    expect(iconv.decode(Buffer.from(encodeHl7('É', 'UNICODE UTF-8')), 'utf8')).toBe('É');
    expect(encodingFor('8859/2')).toBe('iso-8859-2');
  });

  it('parses bytes and reads the header from bytes in the declared charset', () => {
    const latin = Buffer.from(msh('8859/1').replace('|A|', '|Á|'), 'latin1');
    expect(parseHl7Bytes(latin).get('PID-5.2')).toBe('JOSÉ');
    expect(readHeaderBytes(latin)).toMatchObject({ sendingApplication: 'Á', characterSet: '8859/1' });
  });
});
