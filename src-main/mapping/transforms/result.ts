/**
 * What every transform answers. A bad value never throws: it fails with an issue the mapper turns into a
 * rule-level error naming the field and the rule. Messages describe the expected shape, never the value
 * itself (values are patient data).
 */
export interface MapIssue {
  /** Stable, e.g. `MAP_BAD_DATE`; decisions and tests use the code, never the message. */
  readonly code: string;
  readonly message: string;
}

export type MapResult<T> =
  | { readonly ok: true; readonly value: T; readonly issues?: readonly MapIssue[] }
  | { readonly ok: false; readonly issue: MapIssue };

export const issue = (code: string, message: string): MapIssue => ({ code, message });

/** A value, with warnings when something was kept in a lesser form (an unmapped code, an assumed offset). */
export function ok<T>(value: T, issues: readonly MapIssue[] = []): MapResult<T> {
  return issues.length > 0 ? { ok: true, value, issues } : { ok: true, value };
}

export const fail = <T = never>(code: string, message: string): MapResult<T> => ({ ok: false, issue: issue(code, message) });

/** The warnings of a result, or its failure as one issue. */
export const issuesOf = (result: MapResult<unknown>): readonly MapIssue[] => (result.ok ? (result.issues ?? []) : [result.issue]);

/** Collects warnings from part-results while a composite value is built. */
export class IssueList {
  readonly items: MapIssue[] = [];

  add(...issues: readonly MapIssue[]): void {
    this.items.push(...issues);
  }

  /** The value of a part, its issues kept; undefined when the part failed (its issue kept as a warning). */
  take<T>(result: MapResult<T>): T | undefined {
    this.add(...issuesOf(result));
    return result.ok ? result.value : undefined;
  }
}
