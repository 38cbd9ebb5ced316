import type { Hl7Message } from '../hl7';
import type { Conversion } from '../mapping/conversion';

/**
 * HL7 v2 → FHIR for one parsed message (mapping/convert.ts): the transaction Bundle with what was not
 * mapped and the rule errors, or undefined when no mapping profile covers the message type. Pure.
 */
export interface ConvertContext {
  messageId?: string | undefined;
  /** The connector the message came in on: its assigned profile for the type wins over the default. */
  connectorId?: string | undefined;
  tenantId?: string | undefined;
  /** The sender's IANA time zone for times sent without an offset; else the connector's setting, else the host's (sender-time-zone.ts). */
  timeZone?: string | undefined;
}

export type Converter = (message: Hl7Message, context: ConvertContext) => Conversion | undefined;
