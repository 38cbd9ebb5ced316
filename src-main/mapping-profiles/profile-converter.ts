import type { Converter } from '../convert/converter';
import { messageTypeOf } from '../mapping/default-profiles';
import { runProfile } from '../mapping/run-profile';
import type { MappingProfileService } from './mapping-profile-service';

export interface ProfileConverterDeps {
  profiles: Pick<MappingProfileService, 'profileFor'>;
  /** The profile a connector assigns to a message type (its settings' `mappingProfiles`), if any. */
  assignedProfile: (connectorId: string, messageType: string) => string | undefined;
  defaultTenantId: string;
}

/**
 * The converter processing and the convert operations use: the stored profile for the message type —
 * the connector's assignment, else the active default — at its latest version, which the conversion
 * names so the attempt records the version that ran.
 */
export function createProfileConverter(deps: ProfileConverterDeps): Converter {
  return (message, context) => {
    const header = message.header;
    const messageType = messageTypeOf(header.messageCode, header.triggerEvent);
    const assigned = context.connectorId ? deps.assignedProfile(context.connectorId, messageType) : undefined;
    const chosen = deps.profiles.profileFor(context.tenantId ?? deps.defaultTenantId, messageType, assigned);
    return chosen ? runProfile(chosen.content, message, { messageId: context.messageId, version: chosen.version }) : undefined;
  };
}
