import type { CoverageTracker } from './coverage';
import { fromText, isEmpty, readField, sub, type V2Value } from './datatypes/v2-value';
import { segmentsFrom, type Scope } from './message-scope';
import type { SourcePath } from './source-path';

/** One value a rule reads, and which repetition (0-based, counted over every segment read) it was. */
export interface SourceValue {
  value: V2Value;
  repetition: number;
}

/**
 * The values at `path` as seen from `scope`, each marked read: every repetition for `[*]`, else the one
 * asked for (the first by default), of every matching segment in scope; a component path gives that
 * component as a value of its own (its subcomponents as components). Empty values are left out.
 */
export function readSource(scope: Scope, path: SourcePath, coverage: CoverageTracker, own = false): SourceValue[] {
  const values: SourceValue[] = [];
  for (const segment of segmentsFrom(scope, path.segment, own)) {
    const repetitions = readField(segment, path.field);
    const picked = path.repetition === '*' ? repetitions.map((r, i) => [r, i + 1] as const) : [[repetitions[(path.repetition ?? 1) - 1] ?? [], path.repetition ?? 1] as const];
    for (const [repetition, r] of picked) {
      coverage.mark(segment, path.field, path.repetition === '*' ? '*' : r, path.component);
      const component = path.component === undefined ? repetition : sub(repetition, path.component);
      const value = path.subcomponent === undefined ? component : fromText(component[path.subcomponent - 1]?.[0] ?? '');
      if (!isEmpty(value)) values.push({ value, repetition: values.length });
    }
  }
  return values;
}
