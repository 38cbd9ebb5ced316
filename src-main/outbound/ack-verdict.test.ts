import { describe, expect, it } from 'vitest';
import { ackVerdict } from './ack-verdict';

const ack = (code: string, controlId: string, extra = '') => Buffer.from(`MSH|^~\\&|EHR|F|ENGINE|F|20260101120000||ACK^R01|A1|P|2.5.1\rMSA|${code}|${controlId}${extra}\r`);

describe('ACK verdict', () => {
  it('delivers on AA and CA that echo the control id sent', () => {
    expect(ackVerdict(ack('AA', 'C1'), 'C1', 'retry')).toEqual({ outcome: 'delivered', ackCode: 'AA' });
    expect(ackVerdict(ack('CA', 'C1'), 'C1', 'retry')).toEqual({ outcome: 'delivered', ackCode: 'CA' });
  });

  it('retries an AA whose MSA-2 names another message', () => {
    const verdict = ackVerdict(ack('AA', 'C0'), 'C1', 'retry');
    expect(verdict.outcome).toBe('retry');
    expect(verdict.failure?.code).toBe('OUTBOUND_ACK_MISMATCH');
  });

  it('retries AE by default and dead-letters it when the connector says so', () => {
    expect(ackVerdict(ack('AE', 'C1', '|bad PID'), 'C1', 'retry')).toMatchObject({ outcome: 'retry', ackCode: 'AE', failure: { code: 'OUTBOUND_NEGATIVE_ACK', message: expect.stringContaining('bad PID') } });
    expect(ackVerdict(ack('AE', 'C1'), 'C1', 'dead-letter').outcome).toBe('dead');
  });

  it('dead-letters AR and CR whatever the policy', () => {
    expect(ackVerdict(ack('AR', 'C1'), 'C1', 'retry')).toMatchObject({ outcome: 'dead', ackCode: 'AR' });
    expect(ackVerdict(ack('CR', 'C1'), 'C1', 'retry')).toMatchObject({ outcome: 'dead', ackCode: 'CR' });
  });

  it('retries an answer that is not an ACK', () => {
    expect(ackVerdict(Buffer.from('hello'), 'C1', 'retry')).toMatchObject({ outcome: 'retry', failure: { code: 'OUTBOUND_ACK_MISMATCH' } });
    expect(ackVerdict(Buffer.from('MSH|^~\\&|A|B|C|D|20260101||ACK|1|P|2.5.1\r'), 'C1', 'retry')).toMatchObject({ outcome: 'retry', failure: { code: 'OUTBOUND_ACK_MISMATCH' } });
  });
});
