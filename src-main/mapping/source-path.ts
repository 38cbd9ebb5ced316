import { fail, ok, type MapResult } from './transforms/result';

/** A rule's source: `PID-5`, `PID-5[*]`, `PID-5[2].1`, `OBX-5[*].2.1`. */
export interface SourcePath {
  text: string;
  segment: string;
  field: number;
  /** A repetition (1-based), every one (`*`), or the first when absent. */
  repetition: number | '*' | undefined;
  component: number | undefined;
  subcomponent: number | undefined;
}

const SOURCE = /^([A-Z][A-Z0-9]{2})-(\d{1,4})(?:\[(\d{1,4}|\*)\])?(?:\.(\d{1,4})(?:\.(\d{1,4}))?)?$/;
const cache = new Map<string, SourcePath>();

/** Reads a source path; its issue says what shape was expected. */
export function parseSourcePath(text: string): MapResult<SourcePath> {
  const hit = cache.get(text);
  if (hit) return ok(hit);
  const m = SOURCE.exec(text);
  const numbers = m ? [m[2], m[4], m[5], m[3] === '*' ? undefined : m[3]].filter((n) => n !== undefined).map(Number) : [];
  if (!m || numbers.some((n) => n < 1)) return fail('MAP_BAD_SOURCE', `${JSON.stringify(text.slice(0, 40))} is not a source path like PID-5, PID-5[*].1 or OBX-5[2].1.2`);
  const path: SourcePath = {
    text,
    segment: m[1] as string,
    field: Number(m[2]),
    repetition: m[3] === undefined ? undefined : m[3] === '*' ? '*' : Number(m[3]),
    component: m[4] === undefined ? undefined : Number(m[4]),
    subcomponent: m[5] === undefined ? undefined : Number(m[5]),
  };
  if (cache.size > 4096) cache.clear();
  cache.set(text, path);
  return ok(path);
}
