import type { RetentionRule } from '@contract/store';

/** `settings.retention` as the form edits it: an empty number box means no such rule. */
export interface RetentionFormValues {
  maxAgeDays: number | '';
  maxMessages: number | '';
  keepUnresolvedFailures: boolean;
  /** The connector stores a rule: it is sent even when emptied, so removing the limits is saved. */
  stored: boolean;
}

export function retentionFormValuesOf(stored: RetentionRule | undefined): RetentionFormValues {
  return { maxAgeDays: stored?.maxAgeDays ?? '', maxMessages: stored?.maxMessages ?? '', keepUnresolvedFailures: stored?.keepUnresolvedFailures ?? true, stored: stored !== undefined };
}

/** What the engine takes as `settings.retention`, or undefined when the connector has none and the form sets none. */
export function retentionToSend(values: RetentionFormValues): RetentionRule | undefined {
  const rule: RetentionRule = {
    ...(values.maxAgeDays === '' ? {} : { maxAgeDays: values.maxAgeDays }),
    ...(values.maxMessages === '' ? {} : { maxMessages: values.maxMessages }),
    keepUnresolvedFailures: values.keepUnresolvedFailures,
  };
  const empty = rule.maxAgeDays === undefined && rule.maxMessages === undefined && rule.keepUnresolvedFailures;
  return values.stored || !empty ? rule : undefined;
}
