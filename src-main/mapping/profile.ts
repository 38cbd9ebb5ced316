/**
 * An HL7 v2 → FHIR mapping profile as data: which resources a message makes (templates) and the rules
 * that fill them. Profiles are stored versioned; the defaults ship in resources/mapping-profiles/.
 */

/** One test of a field, read where the rule or template stands (its group occurrence first). */
export interface ConditionClause {
  /** An HL7 path such as `OBX-2`, `PV1-2.1`, `PID-3[*].4.1`; `TQ1-7|SCH-11.4` judges the first of them that has a value. */
  path: string;
  /**
   * `valued`: holds text; `empty`: holds none; `in`: one of `values`; `not-in`: none of `values`;
   * `numeric`: holds a number as NM reads it (a comparator written before it allowed: `<0.5`). The values
   * an `in` / `not-in` clause that held compared count as mapped once what it decided is written.
   */
  op: 'valued' | 'empty' | 'in' | 'not-in' | 'numeric';
  values?: string[];
}

/**
 * A test on the message: its clause, or any of its alternatives (`or`) — `TQ1-7|SCH-11.4 valued` or
 * `MSH-9.2 in S15`: a start is sent, or the message cancels. A list of conditions must all hold, so a
 * list of these is an AND of ORs. An alternative is a clause: it has no `or` of its own.
 */
export interface Condition extends ConditionClause {
  or?: ConditionClause[];
}

/**
 * How a resource made by the template is found again, so reprocessing a message updates it instead of
 * making another: by its first identifier (`identifier`) — `update` replaces it with what the message
 * says (ADT), `create` makes it only when none matches (a Patient named in a lab result).
 */
export interface Identity {
  mode: 'update' | 'create';
  /** Which identifier of the produced resource is the key: its first by default, or the first with this system. */
  system?: string;
  /**
   * A key made from the message where it carries no identifier of its own — an Observation is its
   * report's filler order number and its OBX set id: an identifier `{ system, value }` added to the
   * resource, the value the parts' texts joined by `.` (each percent-encoded). Every part must be valued;
   * a part may name fallbacks after `|` (`MSH-4|MSH-3`: the sending facility, else the sending application),
   * and an alternative a label written before its text (`authority:PID-3.4.1` → `authority:HOSP`), so an
   * assigning authority never reads as a sending facility of the same name (compose-key.ts).
   * `unlessSystem`: only when the resource's own first identifier has no system — an MRN whose CX-4 is a
   * local namespace is keyed by it (`authority:HOSP.123456789`, whoever sends it), a bare MRN such as
   * 123456789 by the sending facility, since it names different patients at different senders; one
   * whose assigning authority is a URI or OID is its own key.
   * `formerParts`: the parts the key was made of before (an upgrade changed them): when the key finds no
   * resource but the former one finds exactly one, the message writes that one, which then carries the new key.
   */
  compose?: { system: string; parts: string[]; unlessSystem?: boolean; formerParts?: string[] };
}

export interface ResourceTemplate {
  /** Unique within the profile; rules and references name it. */
  key: string;
  resourceType: string;
  /**
   * Where one resource is made: absent → once per message; a segment id (`NK1`, `AL1`) → one per
   * occurrence of that segment; a group path (`ORDER_OBSERVATION`, `ORDER_OBSERVATION/OBSERVATION`)
   * → one per occurrence of that group of the message structure; a path may end in a segment id
   * (`ORDER_OBSERVATION/SPECIMEN/OBX`); a leading `/` looks only at the message's own segments and
   * groups for its first step (`/OBX`: an OBX outside every group). Several paths: one resource per occurrence of any of them.
   */
  each?: string | string[];
  /** Made only when this holds (every one, for a list): a resource the message cannot make valid is not made. */
  when?: Condition | Condition[];
  /**
   * When true and the message makes none of these resources (its `when` held nowhere), the conversion
   * reports an error naming the template and the conditions it needs (an SIU with no start makes no
   * Appointment, and says so).
   */
  required?: boolean;
  identity: Identity;
}

export interface MappingRule {
  /** Unique within the profile: errors and coverage name it. */
  id: string;
  /** The template key of the resource this rule fills. */
  resource: string;
  /**
   * The HL7 path read: `PID-5` (first repetition), `PID-5[*]` (every repetition), `PID-5[2]`, `PID-5.1`,
   * `PID-5[*].1`, `OBX-5`. A segment resolves in the rule's group occurrence first, then the enclosing
   * groups, then the whole message. Empty for rules that take no input (constant, reference).
   */
  source: string;
  /**
   * The FHIR path written, relative to the resource: `gender`, `name[0].family`, `identifier[+]`
   * (append), `name[*]` (one element per source repetition), `valueQuantity`, `code.coding[0]`.
   */
  target: string;
  /**
   * A transform of the registry (mapping/transforms/registry.ts), or one the engine answers itself:
   * `reference` / `references` (args.resource: a template key — the nearest such resource, or all of
   * them made within this one's group; args.field wraps each Reference under that name and args.with,
   * a JSON object, adds fixed elements: an Appointment participant `{ actor, status }`) and `constant` (args.value). Without one the text is copied.
   */
  transform?: string;
  /**
   * Arguments read from the message, by name: `{ duration: 'TQ1-6.1|SCH-9' }` gives the transform the
   * text of the first path that has a value as `args.duration`. A path of the source's own segment is
   * read from the segment each value came from (an AIS's duration with that AIS's start).
   */
  argsFrom?: Record<string, string>;
  /**
   * A data-absent-reason code (`unknown`): when the rule read a value but gave nothing from it, and no
   * rule has written its target by the end, the element is marked absent (`_end` with the extension)
   * and an error names the rule — for an element FHIR needs beside another (Appointment.end beside start, app-2).
   */
  absentReason?: string;
  /** `own`: read only segments inside the rule's group occurrence, never an enclosing one (an OBX's NTE notes). */
  scope?: 'own';
  args?: Record<string, string | number | boolean>;
  /** Applied only when this holds (every one, for a list). */
  condition?: Condition | Condition[];
  /**
   * Reads only the source segments for which this holds (every one, for a list), each judged on its own
   * fields: `OBX-5[*]` where `OBX-3` is empty reads the text lines a sender left without a code. Its paths
   * name the source's segment.
   */
  where?: Condition | Condition[];
  /** When true and nothing is produced, the conversion reports an error for this rule. */
  required?: boolean;
  /** Written when the rule produces nothing (empty, or a code its map lacks): a required FHIR element keeps a value. */
  otherwise?: string | number | boolean;
  /** Why the rule is there (the guide's row, a sender's habit), for the people who maintain it. */
  note?: string;
}

export interface Hl7MappingProfileContent {
  name: string;
  description?: string;
  /** Message types (`ADT^A01`, `ORU^R01`) this profile converts. */
  messageTypes: string[];
  resources: ResourceTemplate[];
  rules: MappingRule[];
}
