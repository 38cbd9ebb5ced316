import type { Bundle } from '@medplum/fhirtypes';
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
  /** The transaction Bundle the mapping committed (what outbound routes send or convert); absent when nothing was mapped. */
  bundle?: Bundle | undefined;
}

/** The writing half of a mapping step: runs inside the processing batch's write transaction. */
export type MappingCommit = () => MappingOutcome;

/**
 * The connector's mapping step (HL7 v2 → FHIR), in two halves so the write transaction holds the lock
 * only while writing: the step itself runs before the transaction (the conversion: CPU work) and
 * returns the outcome when there is nothing to write, else the commit to run inside the transaction,
 * so what it writes commits with the attempt. Either half throws to fail the attempt (what the commit
 * wrote is rolled back); an AppError whose kind is `unavailable` is retried, anything else counts as
 * permanent.
 */
export type MappingStep = (message: Hl7Message, context: MappingContext) => MappingOutcome | MappingCommit;

/** No profile, no resources: the message is parsed and indexed. */
export const NOT_MAPPED: MappingOutcome = { profile: null, unmapped: [], errors: [], links: [] };
