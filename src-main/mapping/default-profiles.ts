import oruR01 from '../../resources/mapping-profiles/oru-r01.json';
import adt from '../../resources/mapping-profiles/adt.json';
import adtA17 from '../../resources/mapping-profiles/adt-a17.json';
import adtA40 from '../../resources/mapping-profiles/adt-a40.json';
import orders from '../../resources/mapping-profiles/orders.json';
import siu from '../../resources/mapping-profiles/siu.json';
import mdmT02 from '../../resources/mapping-profiles/mdm-t02.json';
import vxuV04 from '../../resources/mapping-profiles/vxu-v04.json';
import documentRules from '../../resources/mapping-profiles/document-rules.json';
import observationRules from '../../resources/mapping-profiles/observation-rules.json';
import patientRules from '../../resources/mapping-profiles/patient-rules.json';
import visitRules from '../../resources/mapping-profiles/visit-rules.json';
import { AppError } from '../core/errors';
import type { Hl7MappingProfileContent, MappingRule } from './profile';

/**
 * A profile as shipped: it may name rule sets kept once in resources/mapping-profiles/ (`patient`:
 * PID → Patient, patient-rules.json; `observation`: OBX → Observation, observation-rules.json;
 * `document`: TXA → DocumentReference, document-rules.json; `visit`: PV1 → Encounter and its Practitioners,
 * visit-rules.json) and the template key each fills, so every feed maps a Patient or an OBX the same way
 * and the sets cannot drift apart.
 */
interface ShippedProfile extends Hl7MappingProfileContent {
  /**
   * `idPrefix` goes before each rule id, so one set can fill several templates of a profile (the MDM
   * document kinds). Without `resource`, each rule fills the template its set names (`visit`: encounter,
   * attending, referring), which the profile must make.
   */
  sharedRules?: { set: string; resource?: string; idPrefix?: string }[];
}

type SharedRule = Omit<MappingRule, 'resource'> & { resource?: string };

const SHARED_RULE_SETS: Readonly<Record<string, readonly SharedRule[]>> = {
  patient: patientRules.rules as SharedRule[],
  observation: observationRules.rules as SharedRule[],
  document: documentRules.rules as SharedRule[],
  visit: visitRules.rules as SharedRule[],
};

/** The profile as it is stored and run: each shared set's rules first, filling the named template, then its own. */
function whole({ sharedRules = [], ...profile }: ShippedProfile): Hl7MappingProfileContent {
  const shared = sharedRules.flatMap(({ set, resource, idPrefix = '' }) => {
    const rules = SHARED_RULE_SETS[set];
    if (!rules) throw new AppError('internal', 'INTEROP_MAPPING_UNKNOWN_RULE_SET', `the shipped profile ${profile.name} names no known rule set ${set}`);
    return rules.map((rule) => {
      const fills = resource ?? rule.resource;
      if (fills === undefined) throw new AppError('internal', 'INTEROP_MAPPING_UNKNOWN_RULE_SET', `the shipped profile ${profile.name} names the rule set ${set} without the template its rule ${rule.id} fills`);
      return { ...rule, id: `${idPrefix}${rule.id}`, resource: fills };
    });
  });
  return { ...profile, rules: [...shared, ...profile.rules] };
}

/**
 * The profiles shipped in resources/mapping-profiles/, following the HL7 V2-to-FHIR guide: used for a
 * message type no stored profile covers. (JSON is read as data; `checkProfile` vets each in the tests.)
 */
export const DEFAULT_PROFILES: readonly Hl7MappingProfileContent[] = ([oruR01, adt, adtA17, adtA40, orders, siu, mdmT02, vxuV04] as ShippedProfile[]).map(whole);

/** `ADT^A01` of a message header's code and trigger event. */
export const messageTypeOf = (code: string, trigger: string): string => `${code}^${trigger}`;

/** The default profile for a message type, if one covers it. */
export const defaultProfileFor = (messageType: string): Hl7MappingProfileContent | undefined => DEFAULT_PROFILES.find((p) => p.messageTypes.includes(messageType));
