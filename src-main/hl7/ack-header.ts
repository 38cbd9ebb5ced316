import type { Hl7Header } from './header';
import { piece } from './pieces';

/*
 * An ACK echoes the sender's header (applications, trigger, MSH-10 in MSA-2, processing id, version,
 * character set). When a sender's MSH lost or gained a field, every field after the slip holds its
 * neighbour's value — MSH-11 a version id, MSH-10 the processing id — and echoing them by position
 * makes the ACK itself malformed and misleading. So an ACK echoes only fields whose value has the
 * shape of the field it was read from, and nothing at all from a header whose fields are out of place.
 */

const MESSAGE_CODE = /^[A-Za-z][A-Za-z0-9]{2}$/;
const TRIGGER_EVENT = /^[A-Za-z0-9]{3}$/;
const STRUCTURE = /^[A-Za-z][A-Za-z0-9]{2}(_[A-Za-z0-9]{3})?$/;
const VERSION = /^\d+\.\d+(\.\d+)*$/;
const PROCESSING_ID = /^[DPT]$/;
const TIMESTAMP = /^\d{12}/;
const MESSAGE_TYPE = /^[A-Za-z][A-Za-z0-9]{2}\^[A-Za-z0-9]{3}/;

/** True when the values sit one field off: a version id in MSH-11, a processing id in MSH-12, a time in MSH-6 but not MSH-7, a message type in MSH-10. */
export function headerMisaligned(h: Hl7Header): boolean {
  const first = (raw: string): string => piece(raw, h.delimiters.component, 1);
  return (
    VERSION.test(first(h.processingId)) ||
    PROCESSING_ID.test(h.version) ||
    (TIMESTAMP.test(first(h.receivingFacility)) && !TIMESTAMP.test(h.dateTime)) ||
    MESSAGE_TYPE.test(h.controlId)
  );
}

/** The header an ACK may echo: misplaced fields blanked (the ACK then says ACK, P, its fallback version and no MSA-2). */
export function ackableHeader(h: Hl7Header): Hl7Header {
  if (headerMisaligned(h)) {
    return {
      delimiters: h.delimiters,
      sendingApplication: '',
      sendingFacility: '',
      receivingApplication: '',
      receivingFacility: '',
      dateTime: '',
      messageType: '',
      messageCode: '',
      triggerEvent: '',
      messageStructure: '',
      controlId: '',
      processingId: '',
      version: '',
      acceptAckType: '',
      applicationAckType: '',
      characterSet: '',
    };
  }
  const code = MESSAGE_CODE.test(h.messageCode);
  return {
    ...h,
    messageCode: code ? h.messageCode : '',
    triggerEvent: code && TRIGGER_EVENT.test(h.triggerEvent) ? h.triggerEvent : '',
    messageStructure: code && STRUCTURE.test(h.messageStructure) ? h.messageStructure : '',
    version: VERSION.test(h.version) ? h.version : '',
  };
}
