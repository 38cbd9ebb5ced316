import { tryParse } from '../hl7';
import type { SendFailure, SendOutcome } from './sender';

/** What the destination should do with a negative application ACK (AE/CE): send again later, or dead-letter. */
export type OnApplicationError = 'retry' | 'dead-letter';

/**
 * Judges an MLLP answer to a sent message. The ACK must answer that message — MSA-2 equal to the MSH-10
 * sent — or it is treated as no answer (retry). AA/CA deliver; AE/CE retry or dead-letter by the
 * connector's policy; AR/CR dead-letter (the destination refuses the message as it is). The error text
 * recorded is MSA-3 or the first ERR's text, as the destination wrote it.
 */
export function ackVerdict(ack: Buffer, sentControlId: string | null, onApplicationError: OnApplicationError): SendOutcome {
  const parsed = tryParse(ack.toString('utf8'));
  const msa = parsed.ok ? parsed.value.segment('MSA') : undefined;
  if (!parsed.ok || !msa) return { outcome: 'retry', failure: { kind: 'unavailable', code: 'OUTBOUND_ACK_MISMATCH', message: 'The answer is not an HL7 ACK with an MSA segment' } };
  const message = parsed.value;
  const code = message.get('MSA-1');
  const answered = message.get('MSA-2');
  if (answered !== (sentControlId ?? '')) {
    return { outcome: 'retry', ackCode: code, failure: { kind: 'unavailable', code: 'OUTBOUND_ACK_MISMATCH', message: `The ACK answers control id ${JSON.stringify(answered)}, not the ${JSON.stringify(sentControlId ?? '')} sent` } };
  }
  const reason = message.get('MSA-3') || message.get('ERR-8') || message.get('ERR-1.4');
  const refused = (what: string): SendFailure => ({ kind: 'unprocessable', code: 'OUTBOUND_NEGATIVE_ACK', message: `The destination answered ${code} (${what})${reason ? `: ${reason}` : ''}` });
  switch (code) {
    case 'AA':
    case 'CA':
      return { outcome: 'delivered', ackCode: code };
    case 'AE':
    case 'CE':
      return { outcome: onApplicationError === 'retry' ? 'retry' : 'dead', ackCode: code, failure: refused('application error') };
    case 'AR':
    case 'CR':
      return { outcome: 'dead', ackCode: code, failure: refused('rejected') };
    default:
      return { outcome: 'retry', ackCode: code, failure: { kind: 'unavailable', code: 'OUTBOUND_ACK_MISMATCH', message: `The ACK code ${JSON.stringify(code)} is not one of AA, AE, AR, CA, CE, CR` } };
  }
}
