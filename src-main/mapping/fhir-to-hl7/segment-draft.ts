import type { Hl7Message } from '../../hl7';
import type { V2Value } from '../datatypes/v2-value';
import { fail, ok, type MapResult } from '../transforms/result';
import type { V2Output } from './fhir-transforms';

/** A rule's target: `PID-5`, `PID-3[*]`, `PID-13[+]`, `PID-5.7`, `OBX-6[2].1.2`. */
export interface TargetField {
  segment: string;
  field: number;
  /** A repetition (1-based), one per value (`*`), appended after those written (`+`), or the first. */
  repetition: number | '*' | '+' | undefined;
  component: number | undefined;
  subcomponent: number | undefined;
}

const TARGET = /^([A-Z][A-Z0-9]{2})-(\d{1,3})(?:\[(\d{1,3}|\*|\+)\])?(?:\.(\d{1,3})(?:\.(\d{1,3}))?)?$/;

export function parseTargetField(text: string): MapResult<TargetField> {
  const m = TARGET.exec(text);
  const numbers = m ? [m[2], m[4], m[5], m[3] === '*' || m[3] === '+' ? undefined : m[3]].filter((n) => n !== undefined).map(Number) : [];
  if (!m || numbers.some((n) => n < 1)) return fail('MAP_BAD_TARGET', `${JSON.stringify(text.slice(0, 40))} is not an HL7 target like PID-5, PID-3[*], PID-13[+] or PID-5.7`);
  return ok({
    segment: m[1] as string,
    field: Number(m[2]),
    repetition: m[3] === undefined ? undefined : m[3] === '*' || m[3] === '+' ? m[3] : Number(m[3]),
    component: m[4] === undefined ? undefined : Number(m[4]),
    subcomponent: m[5] === undefined ? undefined : Number(m[5]),
  });
}

type Repetition = string[][];

const asValue = (output: V2Output): V2Value => (typeof output === 'string' ? [[output]] : output);

/**
 * One segment being built: its fields, each a list of repetitions of components of subcomponents,
 * unescaped. Written into a message through the codec (`Hl7Message.set`), which escapes every value.
 */
export class SegmentDraft {
  private readonly fields: Repetition[][] = [];

  constructor(readonly id: string) {}

  /** Writes one value; `index` is the value's position among those a rule produced (for `*`). */
  write(target: TargetField, output: V2Output, index: number): void {
    const repetitions = (this.fields[target.field] ??= []);
    const at = target.repetition === undefined ? 0 : target.repetition === '*' ? index : target.repetition === '+' ? repetitions.length : target.repetition - 1;
    const repetition = (repetitions[at] ??= []);
    const value = asValue(output);
    if (target.component === undefined) {
      // A whole datatype: each valued component replaces the one there (a later rule can fill PID-5.7 of an XPN).
      value.forEach((component, c) => {
        if (component.some((s) => s !== '')) repetition[c] = [...component];
      });
      return;
    }
    const c = target.component - 1;
    if (target.subcomponent === undefined) {
      // A composite written into a component goes one level down: an HD into CX.4 as subcomponents.
      repetition[c] = value.length === 1 ? [...value[0]!] : value.map((component) => component[0] ?? '');
      return;
    }
    const component = (repetition[c] ??= []);
    component[target.subcomponent - 1] = value[0]?.[0] ?? '';
  }

  /** Appends the segment to `message`, every leaf escaped by the codec. */
  appendTo(message: Hl7Message, occurrence: number): void {
    message.addSegment(this.id);
    this.fields.forEach((repetitions, f) =>
      repetitions.forEach((repetition, r) =>
        repetition?.forEach((component, c) =>
          component?.forEach((leaf, s) => {
            if (leaf) message.set(`${this.id}[${occurrence}]-${f}[${r + 1}].${c + 1}.${s + 1}`, leaf);
          }),
        ),
      ),
    );
  }
}
