import type { AckError, AckErrorLocation } from './ack-codes';
import type { AckOutcome } from './ack';
import type { Hl7Header } from './header';

/** What a connector accepts. Message types as `ADT^A01`, or `ADT` for every trigger of ADT. */
export interface HeaderPolicy {
  readonly messageTypes?: readonly string[];
  readonly versions?: readonly string[];
  readonly processingIds?: readonly string[];
}

const at = (field: number): AckErrorLocation => ({ segment: 'MSH', sequence: 1, field });

/**
 * Header problems that make a parseable message unacceptable (content errors, not syntax): empty
 * MSH-9/10/11/12 → 101, a version that is not 2.x or not in the policy → 203, a message type or
 * trigger the policy does not list → 200 / 201, a processing id it does not list → 202.
 */
export function checkHeader(header: Hl7Header, policy: HeaderPolicy = {}): AckError[] {
  const errors: AckError[] = [];
  const missing = (field: number, what: string): void => {
    errors.push({ code: 101, location: at(field), diagnostic: `MSH-${field} ${what} is empty` });
  };
  if (header.messageCode === '') missing(9, 'message type');
  if (header.controlId === '') missing(10, 'message control id');
  if (header.processingId === '') missing(11, 'processing id');
  if (header.version === '') missing(12, 'version id');
  else if (!/^2\.\d/.test(header.version) || (policy.versions !== undefined && !policy.versions.includes(header.version))) {
    errors.push({ code: 203, location: at(12), diagnostic: `version ${JSON.stringify(header.version)} is not supported` });
  }
  if (header.messageCode !== '' && policy.messageTypes !== undefined) {
    const full = `${header.messageCode}^${header.triggerEvent}`;
    const types = policy.messageTypes;
    if (!types.some((t) => t === header.messageCode || t.startsWith(`${header.messageCode}^`))) {
      errors.push({ code: 200, location: at(9), diagnostic: `message type ${header.messageCode} is not accepted` });
    } else if (!types.includes(header.messageCode) && !types.includes(full)) {
      errors.push({ code: 201, location: { ...at(9), component: 2 }, diagnostic: `event ${full} is not accepted` });
    }
  }
  const processing = header.processingId.split(header.delimiters.component)[0] ?? '';
  if (processing !== '' && policy.processingIds !== undefined && !policy.processingIds.includes(processing)) {
    errors.push({ code: 202, location: at(11), diagnostic: `processing id ${processing} is not accepted` });
  }
  return errors;
}

/** Header errors reject the message (AR/CR); anything else found in content is an error (AE/CE). */
export function outcomeFor(errors: readonly AckError[]): AckOutcome {
  if (errors.length === 0) return 'accept';
  return errors.some((e) => e.location?.segment === 'MSH' || (e.code >= 200 && e.code <= 203)) ? 'reject' : 'error';
}
