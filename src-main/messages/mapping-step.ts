import type { Hl7Message } from '../hl7';

export interface MappingContext {
  messageId: string;
  connectorId: string;
  tenantId: string;
}

/**
 * The connector's mapping step (HL7 v2 → FHIR). Throws to fail the attempt; an AppError whose kind is
 * `unavailable` is retried, anything else counts as permanent.
 */
export type MappingStep = (message: Hl7Message, context: MappingContext) => void;

/** Until HL7 → FHIR mapping lands, processing parses and accepts the message. */
export const noMapping: MappingStep = () => undefined;
