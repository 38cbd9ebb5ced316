import { hostTimeZone } from '../core/zone-clock';
import type { Hl7Message } from '../hl7';
import type { Conversion } from './conversion';
import { defaultProfileFor, messageTypeOf } from './default-profiles';
import { runProfile } from './run-profile';

/**
 * HL7 v2 → FHIR for one message with the profile for its type (MSH-9 code^trigger), or undefined when
 * no profile covers the type. Pure: nothing is stored; the Bundle is what would be committed. Times sent
 * without an offset are read in `timeZone`, by default the host's.
 */
export function convertMessage(message: Hl7Message, context: { messageId?: string | undefined; timeZone?: string | undefined } = {}): Conversion | undefined {
  const header = message.header;
  const profile = defaultProfileFor(messageTypeOf(header.messageCode, header.triggerEvent));
  return profile ? runProfile(profile, message, { messageId: context.messageId, timeZone: context.timeZone ?? hostTimeZone() }) : undefined;
}
