import { describe, expect, it } from 'vitest';
import { Hl7ParseError } from './errors';
import { readHeader, salvageHeader } from './header';

const MSH = 'MSH|^~\\&|LAB^1.2.3^ISO|HOSP|EHR|CLINIC|20240102030405+0100^S||ORU^R01^ORU_R01|CTRL\\F\\1|P^T|2.5.1^USA|||AL|NE||UNICODE UTF-8~8859/1';

describe('readHeader', () => {
  it('reads MSH-3 to MSH-18 without parsing the rest of the message', () => {
    const h = readHeader(`${MSH}\rthis is not a segment and is never looked at`);
    expect(h).toMatchObject({
      sendingApplication: 'LAB^1.2.3^ISO',
      sendingFacility: 'HOSP',
      receivingApplication: 'EHR',
      receivingFacility: 'CLINIC',
      dateTime: '20240102030405+0100',
      messageType: 'ORU^R01^ORU_R01',
      messageCode: 'ORU',
      triggerEvent: 'R01',
      messageStructure: 'ORU_R01',
      controlId: 'CTRL|1',
      processingId: 'P^T',
      version: '2.5.1',
      acceptAckType: 'AL',
      applicationAckType: 'NE',
      characterSet: 'UNICODE UTF-8',
    });
  });

  it('stops at the end of the MSH line whatever the terminator', () => {
    expect(readHeader('MSH|^~\\&|A|B|C|D|1||ADT^A01|X|P|2.3\nPID|1').version).toBe('2.3');
    expect(readHeader('MSH|^~\\&|A|B|C|D|1||ADT^A01|X|P|2.3').version).toBe('2.3');
  });

  it('fails like parse on a missing or truncated MSH', () => {
    const code = (text: string): string => {
      try {
        readHeader(text);
        return 'ok';
      } catch (error) {
        return error instanceof Hl7ParseError ? error.code : 'other';
      }
    };
    expect(code('')).toBe('HL7_EMPTY');
    expect(code('PID|1')).toBe('HL7_NO_MSH');
    expect(code('MSH|^~\\&|A\rPID|1|||||||||||')).toBe('HL7_MSH_TOO_SHORT');
    expect(code('MSH|&&&&|A')).toBe('HL7_BAD_ENCODING_CHARS');
  });
});

describe('salvageHeader', () => {
  it('reads what it can from a message parse refuses', () => {
    const h = salvageHeader('MSH|^~\\&|SENDER|FAC\rjunk');
    expect(h.sendingApplication).toBe('SENDER');
    expect(h.version).toBe('');
  });

  it('keeps only plain values when the delimiters are unusable', () => {
    const h = salvageHeader('MSH|&&&&|APP^X|FAC|||20240101||ORU^R01|ID-1|P|2.5.1');
    expect(h.delimiters.encodingCharacters).toBe('^~\\&');
    expect(h.sendingApplication).toBe('');
    expect(h.sendingFacility).toBe('FAC');
    expect(h.controlId).toBe('ID-1');
    expect(h.version).toBe('2.5.1');
  });

  it('never throws', () => {
    for (const text of ['', 'MSH', 'MSH|', '\u0000\u0001', 'PID|1']) expect(() => salvageHeader(text)).not.toThrow();
  });
});
