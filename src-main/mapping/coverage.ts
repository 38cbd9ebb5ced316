import type { Hl7Message, Hl7Segment } from '../hl7';
import type { UnmappedItem } from './conversion';
import { isEmpty, readField } from './datatypes/v2-value';

/**
 * What the rules read of a message, so a conversion can say what carried data and was not mapped.
 * Marks are per segment occurrence: a whole field (every repetition or one), or one component.
 */
export class CoverageTracker {
  private readonly marks = new Map<Hl7Segment, Set<string>>();

  mark(segment: Hl7Segment, field: number, repetition: number | '*', component?: number): void {
    let set = this.marks.get(segment);
    if (!set) this.marks.set(segment, (set = new Set()));
    set.add(component === undefined ? `${field}|${repetition}` : `${field}|${repetition}|${component}`);
  }

  /** Valued fields, repetitions and components no rule read, counted by path over the message. */
  unmapped(message: Hl7Message): UnmappedItem[] {
    const counts = new Map<string, number>();
    const add = (path: string) => counts.set(path, (counts.get(path) ?? 0) + 1);
    for (const segment of message.segments()) {
      const marks = this.marks.get(segment) ?? new Set<string>();
      // MSH-1 and MSH-2 are the delimiters themselves.
      for (let n = segment.isHeader ? 3 : 1; n <= segment.fieldCount; n++) {
        if (marks.has(`${n}|*`)) continue;
        readField(segment, n).forEach((repetition, i) => {
          const r = i + 1;
          if (isEmpty(repetition) || marks.has(`${n}|${r}`)) return;
          const at = r === 1 ? `${segment.id}-${n}` : `${segment.id}-${n}[${r}]`;
          const partly = repetition.some((_, c) => marks.has(`${n}|${r}|${c + 1}`) || marks.has(`${n}|*|${c + 1}`));
          if (!partly) return add(at);
          repetition.forEach((component, c) => {
            const read = marks.has(`${n}|${r}|${c + 1}`) || marks.has(`${n}|*|${c + 1}`);
            if (!read && !isEmpty([component])) add(`${at}.${c + 1}`);
          });
        });
      }
    }
    return [...counts].map(([path, count]) => ({ path, count })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

const REPETITION = /^([A-Z][A-Z0-9]{2}-\d+)\[(\d+)\]/;

/**
 * A message's unmapped items as the coverage aggregate counts them: repetitions 2 and up of a field
 * are one path (`PID-13[2]`, `PID-13[3]` → `PID-13[2+]`; `PID-11[2].8` → `PID-11[2+].8`), so a
 * message counts once for "PID-13 repetitions 2+", with its occurrences summed.
 */
export function foldRepetitions(items: readonly UnmappedItem[]): { path: string; occurrences: number }[] {
  const folded = new Map<string, number>();
  for (const { path, count } of items) {
    const m = REPETITION.exec(path);
    const key = m && Number(m[2]) >= 2 ? `${m[1]}[2+]${path.slice(m[0].length)}` : path;
    folded.set(key, (folded.get(key) ?? 0) + count);
  }
  return [...folded].map(([path, occurrences]) => ({ path, occurrences }));
}
