import type { Hl7Segment } from '../hl7';
import { fromText, isEmpty, readField, sub, type V2Value } from './datatypes/v2-value';
import { segmentsFrom, type Scope } from './message-scope';
import type { SourcePath } from './source-path';

/** Where a value was read: the segment occurrence, field, repetition (1-based) and component, as coverage marks it. */
export interface ReadPlace {
  segment: Hl7Segment;
  field: number;
  repetition: number;
  component: number | undefined;
}

/** One value a rule reads, which repetition (0-based, counted over every segment read) it was, and where. */
export interface SourceValue {
  value: V2Value;
  repetition: number;
  at: ReadPlace;
}

/**
 * The values at `path` as seen from `scope`: every repetition for `[*]`, else the one asked for (the
 * first by default), of every matching segment in scope; a component path gives that component as a
 * value of its own (its subcomponents as components). Empty values are left out. Reading marks nothing:
 * the caller marks a value mapped once it has used it (CoverageTracker.markRead).
 */
export function readSource(scope: Scope, path: SourcePath, own = false): SourceValue[] {
  const values: SourceValue[] = [];
  for (const segment of segmentsFrom(scope, path.segment, own)) {
    const repetitions = readField(segment, path.field);
    const picked = path.repetition === '*' ? repetitions.map((r, i) => [r, i + 1] as const) : [[repetitions[(path.repetition ?? 1) - 1] ?? [], path.repetition ?? 1] as const];
    for (const [repetition, r] of picked) {
      const component = path.component === undefined ? repetition : sub(repetition, path.component);
      const value = path.subcomponent === undefined ? component : fromText(component[path.subcomponent - 1]?.[0] ?? '');
      if (!isEmpty(value)) values.push({ value, repetition: values.length, at: { segment, field: path.field, repetition: r, component: path.component } });
    }
  }
  return values;
}
