import type { Hl7MessageStatus } from '@contract/messages';

export const statusLabels: Record<Hl7MessageStatus, string> = {
  pending: 'pending',
  processing: 'processing',
  processed: 'processed',
  failed: 'failed',
  dead_lettered: 'dead-lettered',
};

/** Colours operators already read this way: grey waiting, blue working, green done, red failed, dark red given up. */
export const statusStyles: Record<Hl7MessageStatus, { color: string; variant: 'light' | 'filled' }> = {
  pending: { color: 'gray', variant: 'light' },
  processing: { color: 'blue', variant: 'light' },
  processed: { color: 'green', variant: 'light' },
  failed: { color: 'red', variant: 'light' },
  dead_lettered: { color: 'red.9', variant: 'filled' },
};

/** The same colours as a small dot, e.g. beside the selected status in a filter. */
export const statusDots: Record<Hl7MessageStatus, string> = { pending: 'gray.5', processing: 'blue.6', processed: 'green.6', failed: 'red.6', dead_lettered: 'red.9' };

/** A queued or running message cannot be queued again; the engine answers 409 if asked. */
export const isQueued = (status: Hl7MessageStatus): boolean => status === 'pending' || status === 'processing';
