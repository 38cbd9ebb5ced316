/**
 * What an interface error is about, so that one bad mapping rule or one missing field shows as one problem
 * however many messages it hit. Pure: the cause is built from the error's code and the rule, field, segment
 * or destination the writer names — never from a value the message carried.
 */

/** What the writer knows an error is about, beyond its code. */
export type CauseSubject =
  /** A mapping rule of a stored profile version that could not do its work. */
  | { kind: 'rule'; profileId: string | null; profileName: string; profileVersion: number; ruleId: string; source: string; target: string }
  /** An outbound destination (a connector, or a routing rule's upstream server). */
  | { kind: 'destination'; id: string }
  /** The integration job whose run recorded the error. */
  | { kind: 'job'; id: string }
  /** The import format of a data batch whose record failed. */
  | { kind: 'batch'; format: string };

export interface InterfaceErrorCause {
  /** Stable grouping key: the code and the ids of what it is about. */
  key: string;
  /** The same for people: the code and the names of what it is about. */
  label: string;
}

const SEPARATOR = ' · ';
/** An HL7 v2 position (`PID-3`, `MSH-9.2`, `OBX[2]-5`): segment id, optional repetition, field, components. */
const HL7_POSITION = /\b[A-Z][A-Z0-9]{2}(?:\[\d+\])?-\d+(?:\.\d+){0,2}\b/;
/** A FHIR element path as validation names it (`Patient.birthDate`, `Observation.code.coding`). */
const FHIR_ELEMENT = /\b[A-Z][a-z]+[A-Za-z]*(?:\.[a-z][A-Za-z]*(?:\[\d+\])?)+\b/;

/**
 * The first HL7 position, else the first FHIR element path, an error's own text names. Only text that has
 * the shape of a position is taken, so a value the text might quote never becomes part of a cause.
 */
export function positionIn(message: string): string | undefined {
  return HL7_POSITION.exec(message)?.[0] ?? FHIR_ELEMENT.exec(message)?.[0];
}

const withCode = (code: string, key: readonly string[], label: readonly string[]): InterfaceErrorCause => ({
  key: [code, ...key].join(SEPARATOR),
  label: [code, ...label].join(SEPARATOR),
});

/** The cause of an interface error: its code and what it is about, named by the subject or by a position its text names. */
export function interfaceErrorCause(code: string, message: string, subject?: CauseSubject): InterfaceErrorCause {
  if (!subject) {
    const position = positionIn(message);
    return position ? withCode(code, [position], [position]) : withCode(code, [], []);
  }
  switch (subject.kind) {
    case 'rule': {
      const rule = `rule ${subject.ruleId} ${subject.source}→${subject.target}`;
      return withCode(code, [`${subject.profileId ?? subject.profileName} v${subject.profileVersion}`, rule], [`${subject.profileName} v${subject.profileVersion}`, rule]);
    }
    case 'destination':
      return withCode(code, [subject.id], [`destination ${subject.id}`]);
    case 'job': {
      const position = positionIn(message);
      return withCode(code, [subject.id, ...(position ? [position] : [])], [`job ${subject.id}`, ...(position ? [position] : [])]);
    }
    case 'batch': {
      const position = positionIn(message);
      return withCode(code, [subject.format, ...(position ? [position] : [])], [`${subject.format} import`, ...(position ? [position] : [])]);
    }
    default:
      return subject satisfies never;
  }
}
