import type { MappingRule } from '@contract/mapping-profiles';

type Condition = Exclude<MappingRule['condition'], undefined | unknown[]>;
const OPS = ['valued', 'empty', 'in', 'not-in'] as const;

/** A rule's condition as one line the editor shows and takes: `OBX-2 in NM, SN; OBX-5 valued`. */
export function formatCondition(condition: MappingRule['condition']): string {
  const list = condition === undefined ? [] : Array.isArray(condition) ? condition : [condition];
  return list.map((c) => [c.path, c.op, ...(c.values && c.values.length > 0 ? [c.values.join(', ')] : [])].join(' ')).join('; ');
}

/** The line back as a condition (one, or a list when several clauses are joined by `;`), or what is wrong with it. */
export function parseCondition(text: string): { ok: true; condition: MappingRule['condition'] } | { ok: false; message: string } {
  const clauses = text
    .split(';')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const parsed: Condition[] = [];
  for (const clause of clauses) {
    const match = /^(\S+)\s+(valued|empty|in|not-in)(?:\s+(.*))?$/.exec(clause);
    if (!match) return { ok: false, message: `“${clause}” is not PATH followed by one of ${OPS.join(', ')}` };
    const [, path = '', op = 'valued', rest = ''] = match;
    const values = rest
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if ((op === 'in' || op === 'not-in') !== values.length > 0) {
      return { ok: false, message: op === 'in' || op === 'not-in' ? `“${clause}” needs values after ${op}` : `“${clause}”: ${op} takes no values` };
    }
    parsed.push({ path, op: op as Condition['op'], ...(values.length > 0 ? { values } : {}) });
  }
  return { ok: true, condition: parsed.length === 0 ? undefined : parsed.length === 1 ? parsed[0] : parsed };
}
