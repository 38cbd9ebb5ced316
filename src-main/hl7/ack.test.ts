import { describe, expect, it } from 'vitest';
import { ackCodeFor, ackErrorForParseError, ackMode, ackRequested, buildAck, buildRejectAck } from './ack';
import { Hl7ParseError } from './errors';
import { parse } from './parse';

const inbound = (version: string, ack15 = '', ack16 = ''): string =>
  `MSH|^~\\&|LAB^1.2^ISO|NORTH|EHR|SOUTH|20240102030405||ORU^R01^ORU_R01|IN-42|P|${version}|||${ack15}|${ack16}\rPID|1||123\r`;
const lines = (ack: string): string[] => ack.split('\r').filter((l) => l !== '');
const base = { controlId: 'OUT-1', timestamp: '20240102030406+0000' };

describe('ACK header', () => {
  it('swaps sending and receiving application and facility, keeps the version, uses a new control id', () => {
    const ack = buildAck(parse(inbound('2.5.1')), { ...base, code: 'AA' });
    expect(lines(ack)).toEqual(['MSH|^~\\&|EHR|SOUTH|LAB^1.2^ISO|NORTH|20240102030406+0000||ACK^R01^ACK|OUT-1|P|2.5.1', 'MSA|AA|IN-42']);
    expect(ack.endsWith('\r')).toBe(true);
    expect(parse(ack).header).toMatchObject({ messageType: 'ACK^R01^ACK', controlId: 'OUT-1', version: '2.5.1' });
  });

  it('answers a message with an empty MSH-12 in 2.5.1, so the ACK is itself a valid message (found by the fuzzer)', () => {
    const ack = buildAck(parse(inbound('')), { ...base, code: 'AR', errors: [{ code: 101, location: { segment: 'MSH', sequence: 1, field: 12 } }] });
    expect(lines(ack)[0]).toBe('MSH|^~\\&|EHR|SOUTH|LAB^1.2^ISO|NORTH|20240102030406+0000||ACK^R01^ACK|OUT-1|P|2.5.1');
    expect(parse(ack).header.version).toBe('2.5.1');
  });

  it('writes MSH-9 the way each version defines it', () => {
    expect(parse(buildAck(parse(inbound('2.2')), { ...base, code: 'AA' })).getRaw('MSH-9')).toBe('ACK');
    expect(parse(buildAck(parse(inbound('2.3')), { ...base, code: 'AA' })).getRaw('MSH-9')).toBe('ACK^R01');
    expect(parse(buildAck(parse(inbound('2.3.1')), { ...base, code: 'AA' })).getRaw('MSH-9')).toBe('ACK^R01^ACK');
  });

  it('answers in the sender\'s own delimiters and character set', () => {
    const text = 'MSH*@%$!*APP*FAC*ME*HERE*20240101**ADT@A01*X*P*2.4******UNICODE UTF-8\r';
    const ack = lines(buildAck(parse(text), { ...base, code: 'AA', text: 'ok*fine' }));
    expect(ack[0]).toBe('MSH*@%$!*ME*HERE*APP*FAC*20240102030406+0000**ACK@A01@ACK*OUT-1*P*2.4******UNICODE UTF-8');
    expect(ack[1]).toBe('MSA*AA*X*ok$F$fine');
  });
});

describe('acknowledgment modes', () => {
  it('uses original mode when MSH-15 and MSH-16 are empty, enhanced mode otherwise', () => {
    expect(ackMode(parse(inbound('2.5')).header)).toBe('original');
    expect(ackMode(parse(inbound('2.5', 'AL')).header)).toBe('enhanced');
    expect(ackMode(parse(inbound('2.5', '', 'ER')).header)).toBe('enhanced');
  });

  it('answers AA/AE/AR in original mode and CA/CE/CR as the enhanced accept acknowledgment', () => {
    const original = parse(inbound('2.5')).header;
    const enhanced = parse(inbound('2.5', 'AL', 'NE')).header;
    expect(['accept', 'error', 'reject'].map((o) => ackCodeFor(original, o as 'accept'))).toEqual(['AA', 'AE', 'AR']);
    expect(['accept', 'error', 'reject'].map((o) => ackCodeFor(enhanced, o as 'accept'))).toEqual(['CA', 'CE', 'CR']);
    expect(ackCodeFor(enhanced, 'error', 'application')).toBe('AE');
  });

  it('follows MSH-15/16: AL always, NE never, ER only on error, SU only on success', () => {
    const h = (a: string, b: string) => parse(inbound('2.5', a, b)).header;
    expect(ackRequested(parse(inbound('2.5')).header, 'AE')).toBe(true);
    expect(ackRequested(h('AL', 'NE'), 'CA')).toBe(true);
    expect(ackRequested(h('AL', 'NE'), 'AA')).toBe(false);
    expect(ackRequested(h('ER', 'AL'), 'CA')).toBe(false);
    expect(ackRequested(h('ER', 'AL'), 'CE')).toBe(true);
    expect(ackRequested(h('SU', 'AL'), 'CR')).toBe(false);
    expect(ackRequested(h('SU', 'AL'), 'CA')).toBe(true);
  });
});

describe('ERR segment', () => {
  const error = { code: 101 as const, location: { segment: 'PID', sequence: 1, field: 5 }, diagnostic: 'PID-5 is empty' };

  it('puts the location in ERR-2 and the 0357 code in ERR-3 with severity ERR-4 from 2.5 on', () => {
    const ack = lines(buildAck(parse(inbound('2.5.1')), { ...base, code: 'AE', text: 'bad name', errors: [error] }));
    expect(ack.slice(1)).toEqual(['MSA|AE|IN-42|bad name', 'ERR||PID^1^5|101^Required field missing^HL70357|E|||PID-5 is empty']);
  });

  it('writes one ERR per error from 2.5 on, with the severity asked for', () => {
    const ack = lines(buildAck(parse(inbound('2.6')), { ...base, code: 'AE', errors: [error, { code: 207, severity: 'W' }] }));
    expect(ack.slice(2)).toEqual(['ERR||PID^1^5|101^Required field missing^HL70357|E|||PID-5 is empty', 'ERR|||207^Application internal error^HL70357|W']);
  });

  it('uses ERR-1 (segment^sequence^field^code) with repetitions before 2.5', () => {
    const ack = lines(buildAck(parse(inbound('2.4')), { ...base, code: 'AE', errors: [error, { code: 200 }] }));
    expect(ack[2]).toBe('ERR|PID^1^5^101&Required field missing&HL70357~^^^200&Unsupported message type&HL70357');
  });
});

describe('ACK for text that could not be parsed', () => {
  it('answers AR with the reason, from whatever header could be read', () => {
    const text = 'MSH|^~\\&|SENDER|FAC\rPID|1';
    const error = new Hl7ParseError('HL7_MSH_TOO_SHORT', 'MSH ends after MSH-4', { segmentIndex: 0 });
    const ack = lines(buildRejectAck(text, error, base));
    expect(ack[0]).toBe('MSH|^~\\&|||SENDER|FAC|20240102030406+0000||ACK|OUT-1|P|2.5.1');
    expect(ack[1]).toBe('MSA|AR');
    expect(ack[2]).toBe('ERR||MSH^1^9|101^Required field missing^HL70357|E|||HL7_MSH_TOO_SHORT: MSH ends after MSH-4');
  });

  it('answers CR when the salvaged header asks for enhanced mode', () => {
    const text = 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|ID9|P|2.5|||AL|NE\rjunk';
    const ack = lines(buildRejectAck(text, new Hl7ParseError('HL7_BAD_SEGMENT', 'bad', { segmentIndex: 1 }), base));
    expect(ack[1]).toBe('MSA|CR|ID9');
    expect(ack[2]).toBe('ERR||^2|100^Segment sequence error^HL70357|E|||HL7_BAD_SEGMENT: bad');
  });

  it('echoes no control character of the sender\'s header, so the ACK itself parses (found by the fuzzer)', () => {
    const text = 'MSH|^~\\&|SEND\u0000ER|FAC\u0007|RCV|RFAC|20240101||ADT^A01|ID\u00019|P\u001f|2.5\rPID|1';
    const ack = buildRejectAck(text, new Hl7ParseError('HL7_BINARY', 'control character'), base);
    expect([...ack].filter((c) => c.charCodeAt(0) < 0x20 && c !== '\r')).toEqual([]);
    expect(lines(ack)[0]).toBe('MSH|^~\\&|RCV|RFAC|SENDER|FAC|20240102030406+0000||ACK^A01^ACK|OUT-1|P|2.5');
    expect(parse(ack).segments('MSA')[0]!.get(2)).toBe('ID9');
  });

  it('still answers when nothing at all could be read', () => {
    const ack = lines(buildRejectAck('', new Hl7ParseError('HL7_EMPTY', 'the message is empty'), base));
    expect(ack[0]).toBe('MSH|^~\\&|||||20240102030406+0000||ACK|OUT-1|P|2.5.1');
    expect(ack[1]).toBe('MSA|AR');
  });

  it('maps every parse error code to a table 0357 code', () => {
    const codes = ['HL7_EMPTY', 'HL7_NO_MSH', 'HL7_BAD_ENCODING_CHARS', 'HL7_MSH_TOO_SHORT', 'HL7_BAD_SEGMENT', 'HL7_BINARY', 'HL7_MULTIPLE_MESSAGES', 'HL7_BAD_BATCH', 'HL7_BATCH_COUNT'] as const;
    expect(codes.map((code) => ackErrorForParseError(new Hl7ParseError(code, 'x')).code)).toEqual([100, 100, 102, 101, 100, 102, 100, 100, 100]);
  });
});

describe('ACK to a header whose fields are out of place', () => {
  // A real sender's ADT^A40 whose MSH lost a field before MSH-7: MSH-9 holds the control id, MSH-10 the processing id, MSH-11 the version.
  const shifted = 'MSH|^~\\&|Xxxxx|SENDING|RECEIVING FACILITY|20101223202939-0400||ADT^A40|102|P|2.3.1||||||||\nEVN|A40|20101223202939-0400||||\nPID||P12345^^^ISSUER\n';
  const missing12 = [{ code: 101 as const, location: { segment: 'MSH', sequence: 1, field: 12 } }];

  it('echoes nothing read from the wrong field: ACK type ACK, processing id P, its own version, no MSA-2', () => {
    const ack = buildAck(parse(shifted), { ...base, code: ackCodeFor(parse(shifted).header, 'reject'), errors: missing12 });
    expect(lines(ack).slice(0, 2)).toEqual(['MSH|^~\\&|||||20240102030406+0000||ACK|OUT-1|P|2.5.1', 'MSA|AR']);
    expect(parse(ack).header).toMatchObject({ messageCode: 'ACK', controlId: 'OUT-1', processingId: 'P', version: '2.5.1' });
  });

  it('answers the same when the message could not be parsed at all', () => {
    const ack = lines(buildRejectAck(shifted, new Hl7ParseError('HL7_BAD_SEGMENT', 'bad', { segmentIndex: 1 }), base));
    expect(ack.slice(0, 2)).toEqual(['MSH|^~\\&|||||20240102030406+0000||ACK|OUT-1|P|2.5.1', 'MSA|AR']);
  });

  it('blanks only the values that do not fit their own field when the rest is in place', () => {
    const text = 'MSH|^~\\&|APP|FAC|ME|HERE|20240101||1234|CTRL-7|P|x.y\rPID|1\r';
    const ack = lines(buildAck(parse(text), { ...base, code: 'AR' }));
    expect(ack.slice(0, 2)).toEqual(['MSH|^~\\&|ME|HERE|APP|FAC|20240102030406+0000||ACK|OUT-1|P|2.5.1', 'MSA|AR|CTRL-7']);
  });

  it('reads no acknowledgment mode from a misplaced MSH-15/16', () => {
    const text = 'MSH|^~\\&|A|B|C|20240101000000||ADT^A01|1|2.5|||||NE|NE\r';
    expect(parse(text).header).toMatchObject({ acceptAckType: 'NE', applicationAckType: 'NE' });
    expect(ackMode(parse(text).header)).toBe('original');
    expect(ackRequested(parse(text).header, 'AR')).toBe(true);
  });
});
