import type { Hl7MappingProfileContent } from './profile';

/**
 * Checks a mapping profile against one segment sheet of the HL7 V2-to-FHIR guide (`PID[Patient]`):
 * which fields the guide maps that the profile does not, and where both map a field but to different
 * FHIR elements. Pure: the caller reads the CSV and names which of the profile's resources the sheet is for.
 */

/** A row of a segment sheet that names a FHIR target: `PID-3` → `identifier[2]`. */
export interface GuideRow {
  field: string;
  attribute: string;
}

/** Reads a segment sheet's parsed CSV records: two header rows, columns located by their names (the layout varies). */
export function guideRows(records: readonly string[][]): GuideRow[] {
  const header = (records[1] ?? []).map((cell) => cell.trim());
  const identifier = header.indexOf('Identifier');
  const attribute = header.findIndex((cell) => cell.startsWith('FHIR Attribute'));
  if (identifier < 0 || attribute < 0) return [];
  return records.slice(2).flatMap((record) => {
    const field = /^([A-Z][A-Z0-9]{2})-(\d+)/.exec(record[identifier]?.trim() ?? '');
    const target = record[attribute]?.trim() ?? '';
    return field && target !== '' ? [{ field: `${field[1]}-${Number(field[2])}`, attribute: target }] : [];
  });
}

/**
 * The guide's OBX[DocumentReference] rows name `content[2].data`, `content[2].contentType` and
 * `content[3].url`, which R4 does not have: DocumentReference.content holds only `attachment` and
 * `format`, so these can only mean that content's attachment elements (its ED row names
 * `content[1].attachment` itself). Read so, a profile writing the attachment agrees with them.
 */
export function readAsR4(resourceType: string, row: GuideRow): GuideRow {
  if (resourceType !== 'DocumentReference') return row;
  return { ...row, attribute: row.attribute.replace(/^(content(?:\[\d+\])?)\.(data|contentType|url)$/, '$1.attachment.$2') };
}

/** `identifier[2]`, `extension[1].valueString`, `performer(Practitioner)` → element names, indexes and types dropped (a choice `[x]` kept). */
export const elementsOf = (path: string): string[] =>
  path
    .replace(/=.*$/, '')
    .replace(/\([^)]*\)|\)/g, '')
    .replace(/\[(?!x\])[^\]]*\]/g, '')
    .split('.')
    .map((name) => name.trim())
    .filter((name) => name !== '');

const sameElement = (a: string, b: string): boolean => {
  const choice = (x: string, y: string) => x.endsWith('[x]') && new RegExp(`^${x.slice(0, -3)}([A-Z]|\\[x\\]$|$)`).test(y);
  return a === b || choice(a, b) || choice(b, a);
};

/**
 * Two targets agree when one path leads into the other (`birthDate` and `birthDate.extension`; `value[x]`
 * and `valueQuantity.value`). A `$this` row maps the field into the resource itself through a datatype
 * sheet (SCH-11 by TQ[Appointment]: TQ.4 → start, TQ.5 → end): any element of ours can be its.
 */
export function targetsAgree(a: string, b: string): boolean {
  const left = elementsOf(a);
  const right = elementsOf(b);
  if (left[0] === '$this' || right[0] === '$this') return true;
  const shorter = Math.min(left.length, right.length);
  return shorter > 0 && left.slice(0, shorter).every((name, i) => sameElement(name, right[i] as string));
}

/** The field a rule reads (`PID-5[*].1` → `PID-5`), or undefined for a rule that reads none. */
export const fieldOf = (source: string): string | undefined => {
  const match = /^([A-Z][A-Z0-9]{2})-(\d+)/.exec(source);
  return match ? `${match[1]}-${Number(match[2])}` : undefined;
};

/**
 * What the profile writes from each field of `segment` into the resources made by `templates`: the field
 * a rule reads, or for a rule that reads none (a constant), the fields its condition tests.
 */
export function profileTargets(profile: Hl7MappingProfileContent, templates: readonly string[], segment: string): Map<string, string[]> {
  const targets = new Map<string, string[]>();
  for (const rule of profile.rules) {
    if (!templates.includes(rule.resource)) continue;
    const conditions = rule.condition === undefined ? [] : Array.isArray(rule.condition) ? rule.condition : [rule.condition];
    const fields = rule.source === '' ? conditions.flatMap((c) => [c, ...(c.or ?? [])]).map((c) => fieldOf(c.path)) : [fieldOf(rule.source)];
    for (const field of new Set(fields)) if (field?.startsWith(`${segment}-`)) targets.set(field, [...(targets.get(field) ?? []), rule.target]);
  }
  return targets;
}

/**
 * Where the profile parts from the sheet, one line each: `PID-10 unmapped` (the guide maps the field, we
 * do not) or `PID-7 differs → birthDate.extension (ours: deceasedDateTime)` (both map it, and no target of
 * ours agrees with that guide row: a conditional row the guide adds, or a real disagreement).
 */
export function guideFindings(rows: readonly GuideRow[], ours: ReadonlyMap<string, readonly string[]>): string[] {
  const findings = new Set<string>();
  for (const row of rows) {
    const mine = ours.get(row.field);
    if (!mine) findings.add(`${row.field} unmapped`);
    else if (!mine.some((t) => targetsAgree(t, row.attribute))) findings.add(`${row.field} differs → ${elementsOf(row.attribute).join('.')} (ours: ${[...new Set(mine.map((t) => elementsOf(t).join('.')))].join(', ')})`);
  }
  return [...findings].sort();
}
