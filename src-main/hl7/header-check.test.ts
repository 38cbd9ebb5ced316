import { describe, expect, it } from 'vitest';
import { checkHeader, outcomeFor } from './header-check';
import { readHeader } from './header';

const header = (type: string, id: string, processing: string, version: string) =>
  readHeader(`MSH|^~\\&|A|B|C|D|20240101||${type}|${id}|${processing}|${version}`);

describe('checkHeader', () => {
  it('accepts a complete header', () => {
    expect(checkHeader(header('ADT^A01', '1', 'P', '2.5'))).toEqual([]);
    expect(outcomeFor([])).toBe('accept');
  });

  it('reports empty MSH-9, MSH-10, MSH-11 and MSH-12 as required fields missing, rejecting the message', () => {
    const errors = checkHeader(header('', '', '', ''));
    expect(errors.map((e) => [e.code, e.location?.field])).toEqual([[101, 9], [101, 10], [101, 11], [101, 12]]);
    expect(outcomeFor(errors)).toBe('reject');
  });

  it('reports a version that is not 2.x, or not in the policy, as unsupported', () => {
    expect(checkHeader(header('ADT^A01', '1', 'P', '3.0')).map((e) => e.code)).toEqual([203]);
    expect(checkHeader(header('ADT^A01', '1', 'P', '2.3.z'))).toEqual([]);
    expect(checkHeader(header('ADT^A01', '1', 'P', '2.4'), { versions: ['2.5.1'] }).map((e) => e.code)).toEqual([203]);
  });

  it('tells an unsupported message type (200) from an unsupported event (201)', () => {
    const policy = { messageTypes: ['ADT^A01', 'ORU'] };
    expect(checkHeader(header('ADT^A01', '1', 'P', '2.5'), policy)).toEqual([]);
    expect(checkHeader(header('ORU^R30', '1', 'P', '2.5'), policy)).toEqual([]);
    expect(checkHeader(header('ADT^A08', '1', 'P', '2.5'), policy).map((e) => e.code)).toEqual([201]);
    expect(checkHeader(header('SIU^S12', '1', 'P', '2.5'), policy).map((e) => e.code)).toEqual([200]);
  });

  it('checks the processing id against the policy', () => {
    expect(checkHeader(header('ADT^A01', '1', 'T', '2.5'), { processingIds: ['P'] }).map((e) => e.code)).toEqual([202]);
  });

  it('calls content errors outside MSH errors, not rejections', () => {
    expect(outcomeFor([{ code: 101, location: { segment: 'PID', field: 5 } }])).toBe('error');
  });
});
