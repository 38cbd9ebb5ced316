import type { Bundle } from '@medplum/fhirtypes';

/** A rule that could not do its work on this message: named by rule, source and target, never by value. */
export interface RuleError {
  ruleId: string;
  source: string;
  target: string;
  code: string;
  message: string;
}

/**
 * Data the message carried that no rule read: a field (`PID-13`), a repetition (`PID-13[2]`) or a
 * component (`PID-11[1].8`), with how many times it was seen in this message.
 */
export interface UnmappedItem {
  path: string;
  count: number;
}

export interface Conversion {
  /** One FHIR transaction Bundle, as it would be committed: conditional entries keyed by identifier. */
  bundle: Bundle;
  unmapped: UnmappedItem[];
  errors: RuleError[];
  /**
   * Per entry (by fullUrl) whose composed key changed in an upgrade (`compose.formerParts`): the
   * conditional query of its former key, tried when the new one finds nothing (messages/former-keys.ts).
   */
  formerKeys?: Record<string, string>;
  /** The profile that ran: its name, its stored version (0 for a default not yet stored) and its id once stored. */
  profile: { name: string; version: number; id?: string };
}
