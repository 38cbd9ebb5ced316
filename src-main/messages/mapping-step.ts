import type { Hl7Message } from '../hl7';
import type { RuleError, UnmappedItem } from '../mapping/conversion';

export interface MappingContext {
  messageId: string;
  connectorId: string;
  tenantId: string;
}

/** A resource the mapping committed, and what the commit did to it. */
export interface ResourceLinkRecord {
  resourceType: string;
  resourceId: string;
  action: 'created' | 'updated' | 'unchanged';
}

/** What the mapping step did with one message; recorded on the attempt (and the links on the message). */
export interface MappingOutcome {
  /** The profile that ran; null when no profile covers the message type (it is parsed and indexed, nothing is mapped). */
  profile: { name: string; version: number; id?: string } | null;
  unmapped: UnmappedItem[];
  errors: RuleError[];
  links: ResourceLinkRecord[];
}

/**
 * The connector's mapping step (HL7 v2 → FHIR). It runs inside the processing batch's transaction, so
 * what it writes commits with the attempt. Throws to fail the attempt (what it wrote is rolled back); an
 * AppError whose kind is `unavailable` is retried, anything else counts as permanent.
 */
export type MappingStep = (message: Hl7Message, context: MappingContext) => MappingOutcome;

/** No profile, no resources: the message is parsed and indexed. */
export const NOT_MAPPED: MappingOutcome = { profile: null, unmapped: [], errors: [], links: [] };
