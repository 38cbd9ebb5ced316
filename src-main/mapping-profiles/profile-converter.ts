import type { Converter } from '../convert/converter';
import { senderTimeZone, type TimeZoneOf } from '../convert/sender-time-zone';
import { messageTypeOf } from '../mapping/default-profiles';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import { runProfile } from '../mapping/run-profile';
import type { MappingProfileService } from './mapping-profile-service';

export interface ProfileConverterDeps {
  profiles: Pick<MappingProfileService<Hl7MappingProfileContent>, 'pick'>;
  /** The profile a connector assigns to a message type (its settings' `mappingProfiles`), if any. */
  assignedProfile: (connectorId: string, messageType: string) => string | undefined;
  defaultTenantId: string;
  /** Remembers the profile picked for a message type for the rest of a processing turn (core/turn-memo.ts). */
  memo?: <T>(key: string, load: () => T) => T;
  /** The zone times sent without an offset are read in (default: the one the context names, else the host's). */
  timeZoneOf?: TimeZoneOf;
}

/**
 * The converter processing and the convert operations use: the stored profile for the message type —
 * the connector's assignment, else the active default — at its latest version, which the conversion
 * names (with the profile's id) so the attempt records the version that ran; times sent without an
 * offset are read in the sender's time zone (`timeZoneOf`).
 */
export function createProfileConverter(deps: ProfileConverterDeps): Converter {
  return (message, context) => {
    const header = message.header;
    const messageType = messageTypeOf(header.messageCode, header.triggerEvent);
    const assigned = context.connectorId ? deps.assignedProfile(context.connectorId, messageType) : undefined;
    const tenantId = context.tenantId ?? deps.defaultTenantId;
    const pick = () => deps.profiles.pick(tenantId, assigned, (profile) => profile.messageTypes.includes(messageType));
    const chosen = deps.memo ? deps.memo(`profile|${tenantId}|${assigned ?? ''}|${messageType}`, pick) : pick();
    if (!chosen) return undefined;
    const timeZone = (deps.timeZoneOf ?? senderTimeZone)(context);
    const conversion = runProfile(chosen.content, message, { messageId: context.messageId, version: chosen.version, timeZone });
    return { ...conversion, profile: { ...conversion.profile, id: chosen.id } };
  };
}
