import oruR01 from '../../resources/mapping-profiles/oru-r01.json';
import adt from '../../resources/mapping-profiles/adt.json';
import adtA40 from '../../resources/mapping-profiles/adt-a40.json';
import orders from '../../resources/mapping-profiles/orders.json';
import siu from '../../resources/mapping-profiles/siu.json';
import mdmT02 from '../../resources/mapping-profiles/mdm-t02.json';
import vxuV04 from '../../resources/mapping-profiles/vxu-v04.json';
import type { Hl7MappingProfileContent } from './profile';

/**
 * The profiles shipped in resources/mapping-profiles/, following the HL7 V2-to-FHIR guide: used for a
 * message type no stored profile covers. (JSON is read as data; `checkProfile` vets each in the tests.)
 */
export const DEFAULT_PROFILES: readonly Hl7MappingProfileContent[] = [oruR01, adt, adtA40, orders, siu, mdmT02, vxuV04] as Hl7MappingProfileContent[];

/** `ADT^A01` of a message header's code and trigger event. */
export const messageTypeOf = (code: string, trigger: string): string => `${code}^${trigger}`;

/** The default profile for a message type, if one covers it. */
export const defaultProfileFor = (messageType: string): Hl7MappingProfileContent | undefined => DEFAULT_PROFILES.find((p) => p.messageTypes.includes(messageType));
