/** A clause of a rule's condition, in either direction: a path, an operator, values for `in` / `not-in`. */
export interface RuleCondition<Op extends string = string> {
  path: string;
  op: Op;
  values?: string[] | undefined;
}

/** The operators of HL7 v2 → FHIR conditions (on HL7 paths) and of FHIR → v2 ones (on FHIR paths). */
export const HL7_CONDITION_OPS = ['valued', 'empty', 'in', 'not-in', 'numeric'] as const;
export const FHIR_CONDITION_OPS = ['exists', 'missing', 'in', 'not-in'] as const;

/** A rule's condition as one line the editor shows and takes: `OBX-2 in NM, SN; OBX-5 valued`. */
export function formatCondition(condition: RuleCondition | RuleCondition[] | undefined): string {
  const list = condition === undefined ? [] : Array.isArray(condition) ? condition : [condition];
  return list.map((c) => [c.path, c.op, ...(c.values && c.values.length > 0 ? [c.values.join(', ')] : [])].join(' ')).join('; ');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line back as a condition (one, or a list when several clauses are joined by `;`), or what is wrong with it. */
export function parseCondition<Op extends string = (typeof HL7_CONDITION_OPS)[number]>(
  text: string,
  ops: readonly Op[] = HL7_CONDITION_OPS as unknown as readonly Op[],
): { ok: true; condition: RuleCondition<Op> | RuleCondition<Op>[] | undefined } | { ok: false; message: string } {
  const clauses = text
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const clause = new RegExp(`^(\\S+)\\s+(${ops.map(escapeRegExp).join('|')})(?:\\s+(.*))?$`);
  const parsed: RuleCondition<Op>[] = [];
  for (const line of clauses) {
    const match = clause.exec(line);
    if (!match) return { ok: false, message: `“${line}” is not PATH followed by one of ${ops.join(', ')}` };
    const [, path = '', op = '', rest = ''] = match;
    const values = rest
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if ((op === 'in' || op === 'not-in') !== values.length > 0) {
      return { ok: false, message: op === 'in' || op === 'not-in' ? `“${line}” needs values after ${op}` : `“${line}”: ${op} takes no values` };
    }
    parsed.push({ path, op: op as Op, ...(values.length > 0 ? { values } : {}) });
  }
  return { ok: true, condition: parsed.length === 0 ? undefined : parsed.length === 1 ? parsed[0] : parsed };
}
