import type { InterfaceErrorSource, InterfaceErrorStatus } from '@contract/interface-errors';

/** What the page's filters select; a group's bulk action takes them with the group's cause. */
export interface GroupFilters {
  status: InterfaceErrorStatus;
  connectorId?: string | undefined;
  source?: InterfaceErrorSource | undefined;
}

export const STATUS_LABELS: Record<InterfaceErrorStatus, string> = { open: 'Open', resolved: 'Resolved', ignored: 'Ignored', reprocessed: 'Reprocessed' };

export const SOURCE_LABELS: Record<InterfaceErrorSource, string> = { message: 'Message', outbound: 'Outbound delivery', run: 'Job run', batch: 'Import batch' };

/** The operator's actions on every open error of a group. */
export type GroupAction = 'reprocess' | 'resolve' | 'ignore';

export const ACTION_LABELS: Record<GroupAction, { verb: string; done: string; explain: string }> = {
  reprocess: {
    verb: 'Reprocess',
    done: 'reprocessed',
    explain: 'Each message goes through processing again and each dead outbound item is queued again. A message or item that fails again is recorded as a new error.',
  },
  resolve: { verb: 'Resolve', done: 'resolved', explain: 'Mark them fixed. Nothing is sent again.' },
  ignore: { verb: 'Ignore', done: 'ignored', explain: 'Mark them not worth fixing. Nothing is sent again.' },
};
