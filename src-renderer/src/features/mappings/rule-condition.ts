/** A clause of a rule's condition, in either direction: a path, an operator, values for `in` / `not-in`. */
export interface RuleCondition<Op extends string = string> {
  path: string;
  op: Op;
  values?: string[] | undefined;
  /** HL7 v2 → FHIR only: alternatives, any of which may hold instead (`TQ1-7 valued or MSH-9.2 in S15`). */
  or?: RuleCondition<Op>[] | undefined;
}

/** The operators of HL7 v2 → FHIR conditions (on HL7 paths) and of FHIR → v2 ones (on FHIR paths). */
export const HL7_CONDITION_OPS = ['valued', 'empty', 'in', 'not-in', 'numeric'] as const;
export const FHIR_CONDITION_OPS = ['exists', 'missing', 'in', 'not-in'] as const;

const formatClause = (c: RuleCondition): string => [c.path, c.op, ...(c.values && c.values.length > 0 ? [c.values.join(', ')] : [])].join(' ');

/** A rule's condition as one line the editor shows and takes: `OBX-2 in NM, SN; OBX-5 valued or OBX-3 empty`. */
export function formatCondition(condition: RuleCondition | RuleCondition[] | undefined): string {
  const list = condition === undefined ? [] : Array.isArray(condition) ? condition : [condition];
  return list.map((c) => [c, ...(c.or ?? [])].map(formatClause).join(' or ')).join('; ');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The line back as a condition (one, or a list when several clauses are joined by `;`), or what is wrong
 * with it. With `alternatives` (the HL7 v2 → FHIR conditions' default), clauses joined by ` or ` are one
 * condition with alternatives; FHIR → v2 conditions have none.
 */
export function parseCondition<Op extends string = (typeof HL7_CONDITION_OPS)[number]>(
  text: string,
  ops: readonly Op[] = HL7_CONDITION_OPS as unknown as readonly Op[],
  alternatives: boolean = (ops as readonly string[]) === HL7_CONDITION_OPS,
): { ok: true; condition: RuleCondition<Op> | RuleCondition<Op>[] | undefined } | { ok: false; message: string } {
  const clauses = text
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const clause = new RegExp(`^(\\S+)\\s+(${ops.map(escapeRegExp).join('|')})(?:\\s+(.*))?$`);
  const readClause = (line: string): RuleCondition<Op> | string => {
    const match = clause.exec(line);
    if (!match) return `“${line}” is not PATH followed by one of ${ops.join(', ')}`;
    const [, path = '', op = '', rest = ''] = match;
    const values = rest
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if ((op === 'in' || op === 'not-in') !== values.length > 0) {
      return op === 'in' || op === 'not-in' ? `“${line}” needs values after ${op}` : `“${line}”: ${op} takes no values`;
    }
    return { path, op: op as Op, ...(values.length > 0 ? { values } : {}) };
  };
  const parsed: RuleCondition<Op>[] = [];
  for (const line of clauses) {
    const read = (alternatives ? line.split(/\s+or\s+/) : [line]).map(readClause);
    const problem = read.find((r): r is string => typeof r === 'string');
    if (problem !== undefined) return { ok: false, message: problem };
    const [first, ...rest] = read as RuleCondition<Op>[];
    parsed.push({ ...(first as RuleCondition<Op>), ...(rest.length > 0 ? { or: rest } : {}) });
  }
  return { ok: true, condition: parsed.length === 0 ? undefined : parsed.length === 1 ? parsed[0] : parsed };
}
