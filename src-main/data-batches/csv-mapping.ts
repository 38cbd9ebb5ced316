import type { CsvMapping } from '../../src-shared';
import { parseTargetPath, pruneEmpty, writeAt } from '../mapping/target-path';
import { checkTransformCall, runTransform } from '../mapping/transforms/registry';

export interface RowIssue {
  code: string;
  message: string;
}

export type MappedRow = { ok: true; resource: Record<string, unknown> } | { ok: false; errors: RowIssue[] };

/** Problems with the mapping itself (unknown columns, bad paths, unknown transforms), before any row is read. */
export function mappingIssues(mapping: CsvMapping, columns: readonly string[]): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const rule of mapping.columns) {
    if (!columns.includes(rule.column)) issues.push({ code: 'DATA_IMPORT_UNKNOWN_COLUMN', message: `The file has no column ${JSON.stringify(rule.column.slice(0, 60))}` });
    const path = parseTargetPath(rule.target);
    if (!path.ok) issues.push(path.issue);
    if (rule.transform !== undefined) issues.push(...checkTransformCall(rule.transform, rule.args));
  }
  for (const constant of mapping.constants) {
    const path = parseTargetPath(constant.target);
    if (!path.ok) issues.push(path.issue);
  }
  return issues;
}

/**
 * One CSV row as a resource: constants first, then each mapped column's value (blank cells skipped) through its
 * transform to its path. Errors name the column and the transform's issue code, never the cell's value.
 */
export function mapCsvRow(mapping: CsvMapping, columns: readonly string[], values: readonly string[]): MappedRow {
  const resource: Record<string, unknown> = { resourceType: mapping.resourceType };
  const errors: RowIssue[] = [];
  for (const constant of mapping.constants) {
    const path = parseTargetPath(constant.target);
    if (path.ok) writeAt(resource, path.value, constant.value, 0);
  }
  for (const rule of mapping.columns) {
    const index = columns.indexOf(rule.column);
    const cell = (index < 0 ? '' : (values[index] ?? '')).trim();
    if (cell === '') continue;
    const path = parseTargetPath(rule.target);
    if (!path.ok) {
      errors.push(path.issue);
      continue;
    }
    const produced = rule.transform === undefined ? { ok: true as const, value: cell } : runTransform(rule.transform, cell, rule.args);
    if (!produced.ok) {
      errors.push({ code: produced.issue.code, message: `column ${rule.column}: ${produced.issue.message}` });
      continue;
    }
    if (produced.value !== undefined) writeAt(resource, path.value, produced.value, 0);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, resource: (pruneEmpty(resource) ?? { resourceType: mapping.resourceType }) as Record<string, unknown> };
}
