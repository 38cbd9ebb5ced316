import type { RoutingRuleRow } from '../../store/routing-rules-repo';
import { AppError } from '../../core/errors';
import { fhirFailure, relayedFailure } from '../outcome';
import type { UpstreamAnswer } from './upstream-router';

/** A result, and the warning to show when it came from the local store instead of the owning server. */
export interface Routed<T> {
  value: T;
  warning?: string;
}

export interface Down {
  rule: RoutingRuleRow;
  reason: string;
}

/** What asking the owners in turn gave: the first answer found, who was down, and the last "not here". */
export interface Attempt<T> {
  found?: { value: T; rule: RoutingRuleRow };
  down: Down[];
  refusal?: AppError;
}

export const fallbackWarning = (rule: RoutingRuleRow, reason: string): string => `${rule.serviceUrl} is unavailable (${reason}); answered from the local store`;

export const unavailable = (down: readonly Down[]): AppError =>
  fhirFailure('unavailable', 'transient', `INTEROP_OWNING_SERVICE_UNAVAILABLE: ${down.map((d) => `${d.rule.serviceUrl} is unavailable (${d.reason})`).join('; ')} and no local copy can answer`);

/** Asks each owner in turn; the first that has it wins. Not-found answers move on; other refusals stand. */
export async function firstAnswer<T>(owners: readonly RoutingRuleRow[], ask: (rule: RoutingRuleRow) => Promise<UpstreamAnswer<T>>): Promise<Attempt<T>> {
  const down: Down[] = [];
  let refusal: AppError | undefined;
  for (const rule of owners) {
    const answer = await ask(rule);
    if (answer.kind === 'ok') return { found: { value: answer.value, rule }, down };
    if (answer.kind === 'unavailable') down.push({ rule, reason: answer.reason });
    else if (answer.status === 404 || answer.status === 410) refusal = refusal?.kind === 'gone' ? refusal : relayedFailure(answer.status, answer.outcome);
    else throw relayedFailure(answer.status, answer.outcome);
  }
  return { down, refusal };
}

/**
 * The routed result: the owner's answer; else, when an owner was down, the local store's with a
 * warning (503 when it has nothing either); else the owners' "not found"; with no owners, the local store.
 */
export function settle<T>(attempt: Attempt<T>, local: () => T): Routed<T> {
  if (attempt.found) return { value: attempt.found.value };
  if (attempt.down.length === 0) {
    if (attempt.refusal) throw attempt.refusal;
    return { value: local() };
  }
  try {
    return { value: local(), warning: attempt.down.map((d) => fallbackWarning(d.rule, d.reason)).join('; ') };
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not_found') throw unavailable(attempt.down);
    throw error;
  }
}
