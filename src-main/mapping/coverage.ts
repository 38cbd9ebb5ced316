import type { Hl7Message, Hl7Segment } from '../hl7';
import type { UnmappedItem } from './conversion';
import { isEmpty, readField } from './datatypes/v2-value';
import type { SourceValue } from './read-source';

/**
 * What the rules mapped of a message, so a conversion can say what carried data and was not mapped.
 * Marks are per segment occurrence: a whole field (every repetition or one), or one component. A value
 * a rule read but could not use (its transform failed or gave nothing) is not marked: it was not mapped.
 */
export class CoverageTracker {
  private readonly marks = new Map<Hl7Segment, Set<string>>();

  /** Marks a value read by a rule as mapped. */
  markRead({ at }: SourceValue): void {
    let set = this.marks.get(at.segment);
    if (!set) this.marks.set(at.segment, (set = new Set()));
    set.add(at.component === undefined ? `${at.field}|${at.repetition}` : `${at.field}|${at.repetition}|${at.component}`);
  }

  /** Valued fields, repetitions and components no rule mapped, counted by path over the message. */
  unmapped(message: Hl7Message): UnmappedItem[] {
    const counts = new Map<string, number>();
    const add = (path: string) => counts.set(path, (counts.get(path) ?? 0) + 1);
    for (const segment of message.segments()) {
      const marks = this.marks.get(segment) ?? new Set<string>();
      // MSH-1 and MSH-2 are the delimiters themselves.
      for (let n = segment.isHeader ? 3 : 1; n <= segment.fieldCount; n++) {
        readField(segment, n).forEach((repetition, i) => {
          const r = i + 1;
          if (isEmpty(repetition) || marks.has(`${n}|${r}`)) return;
          const at = r === 1 ? `${segment.id}-${n}` : `${segment.id}-${n}[${r}]`;
          const partly = repetition.some((_, c) => marks.has(`${n}|${r}|${c + 1}`));
          if (!partly) return add(at);
          repetition.forEach((component, c) => {
            if (!marks.has(`${n}|${r}|${c + 1}`) && !isEmpty([component])) add(`${at}.${c + 1}`);
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
