import { describe, expect, it } from 'vitest';
import { summarizeAck } from './ack-summary';

describe('summarizeAck', () => {
  it('reads the code, the answered control id and a 2.5 ERR with location, condition, severity and diagnostic', () => {
    const ack = 'MSH|^~\\&|A|B|C|D|20240101||ACK^R01^ACK|X|P|2.5.1\rMSA|CR|6479\rERR||MSH^1^9|101^Required field missing^HL70357|E|||MSH-9 message type is empty\r';
    expect(summarizeAck(ack)).toEqual({
      code: 'CR',
      meaning: 'Commit reject',
      controlId: '6479',
      text: null,
      errors: [{ location: 'MSH-9', condition: '101 Required field missing', severity: 'Error', diagnostic: 'MSH-9 message type is empty', userMessage: null }],
    });
  });

  it('reads an accept without errors and decodes escapes in MSA-3', () => {
    expect(summarizeAck('MSH|^~\\&|||||20240101||ACK|1|P|2.3\nMSA|AA|182|stored \\F\\ queued')).toMatchObject({ code: 'AA', meaning: 'Application accept', controlId: '182', text: 'stored | queued', errors: [] });
  });

  it('reads the repeating ERR-1 of versions before 2.5, and an error without a segment', () => {
    const ack = 'MSH|^~\\&|||||20240101||ACK|1|P|2.3\rMSA|AE|9\rERR|PID^1^5^101&Required field missing&HL70357~^^^207\r';
    expect(summarizeAck(ack).errors).toEqual([
      { location: 'PID-5', condition: '101 Required field missing', severity: null, diagnostic: null, userMessage: null },
      { location: null, condition: '207', severity: null, diagnostic: null, userMessage: null },
    ]);
    expect(summarizeAck('MSA|AR|1\rERR||^1|100^Segment sequence error^HL70357|E').errors[0]?.location).toBeNull();
  });

  it('gives empty answers for text that is not an ACK', () => {
    expect(summarizeAck('')).toEqual({ code: null, meaning: null, controlId: null, text: null, errors: [] });
  });
});
