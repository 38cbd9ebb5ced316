/**
 * A FHIR → HL7 v2 mapping profile as data: which segments a message is made of (each read from the
 * converted resource, a resource it references, or an element it repeats) and the rules that fill
 * them. The mirror of the v2 → FHIR Hl7MappingProfileContent; the defaults ship in
 * resources/fhir-mapping-profiles/.
 */

/** A test on the resource a segment is read from, by a FHIR path (see fhir-path.ts). */
export interface FhirCondition {
  /** A path such as `gender`, `valueQuantity.value`, `identifier[type.coding.code=PLAC]`, `value[x]`. */
  path: string;
  /** `exists`: the path gives a value; `missing`: none; `in`: one of `values`; `not-in`: none of `values`. */
  op: 'exists' | 'missing' | 'in' | 'not-in';
  values?: string[];
}

export interface SegmentTemplate {
  /** Unique within the profile; rules name it. */
  key: string;
  /** The segment id written (`PID`, `OBX`). */
  segment: string;
  /**
   * What the segment reads, relative to the resource read by the segment around it (the converted
   * resource at the top): absent → that resource; a path → one segment per value it gives, a
   * Reference resolved through the conversion's context (`subject`, `result[*]`), an element used as
   * it is (`note[*]`). A reference that cannot be resolved is reported and gives no segment.
   */
  from?: string;
  /** Written only when this holds (every one, for a list) of the resource read. */
  when?: FhirCondition | FhirCondition[];
  /** The field numbering the occurrences from 1 (`1` for OBX-1, PID-1), counted under the segment around it. */
  setId?: number;
  /** When nothing is read (an unresolved patient), an empty segment is still written and an error reported: the message structure needs it. */
  required?: boolean;
  /** Segments written after each occurrence, reading from its resource (an OBX's NTE notes). */
  children?: SegmentTemplate[];
}

export interface FhirMappingRule {
  /** Unique within the profile: errors name it. */
  id: string;
  /** The key of the segment template this rule fills. */
  segment: string;
  /**
   * The FHIR path read from the segment's resource: `birthDate`, `name` (the first), `name[*]` (every
   * one), `name[1]`, `telecom[use=work]`, `category[*].coding[system=http://…/v2-0074].code`,
   * `value[x]`. Empty for rules that take no input (constant, now).
   */
  source: string;
  /**
   * The HL7 field written: `PID-8`, `PID-5.7` (a component), `PID-3[*]` (one repetition per value),
   * `PID-13[+]` (appended after what earlier rules wrote), `OBX-5`. Its segment id must be the template's.
   */
  target: string;
  /**
   * A transform of the registry (fhir-transforms.ts), or one the engine answers itself: `constant`
   * (args.value) and `now` (the message time as a DTM). Without one a text, number or boolean is written as text.
   */
  transform?: string;
  args?: Record<string, string | number | boolean>;
  /** Applied only when this holds (every one, for a list). */
  condition?: FhirCondition | FhirCondition[];
  /** When true and nothing is produced, the conversion reports an error for this rule. */
  required?: boolean;
  /** Written when the rule produces nothing (empty, or a code the map lacks): a required v2 field keeps a value. */
  otherwise?: string;
  /** Why the rule is there, for the people who maintain it. */
  note?: string;
}

export interface FhirMappingProfileContent {
  name: string;
  description?: string;
  /** The resource type converted (`Patient`, `DiagnosticReport`). */
  resourceType: string;
  /**
   * The messages this profile writes, as MSH-9 (`ADT^A08^ADT_A01`): the first by default, another when
   * the caller asks for its type (`ADT^A04`).
   */
  messageTypes: string[];
  segments: SegmentTemplate[];
  rules: FhirMappingRule[];
}
