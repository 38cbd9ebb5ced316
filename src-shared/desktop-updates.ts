import { z } from 'zod';

/** The desktop's update channel settings: off unless a feed URL is configured and updates are on. */
export const UpdateSettings = z.object({
  enabled: z.boolean(),
  /** The generic feed's base URL (where latest.yml / beta.yml and the installers are); empty: none. */
  feedUrl: z.union([z.literal(''), z.string().trim().url('must be an http(s) URL').regex(/^https?:\/\//i, 'must be an http(s) URL').max(500)]),
  channel: z.enum(['latest', 'beta']),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = { enabled: false, feedUrl: '', channel: 'latest' };

/**
 * What the update channel is doing, for the console's Settings: off (and why), idle between checks,
 * checking, up to date, an update downloading or ready (installed on quit), offline (no feed reachable:
 * a state, never an alert), or a feed error by code.
 */
export type UpdateState =
  | { status: 'off'; reason: 'disabled' | 'no-feed-url' | 'environment' | 'not-packaged' }
  | { status: 'idle' | 'checking' | 'up-to-date'; checkedAt?: string }
  | { status: 'downloading' | 'ready'; version: string; checkedAt?: string }
  | { status: 'offline'; checkedAt: string }
  | { status: 'error'; code: string; checkedAt: string };

/** What the desktop Settings section reads and changes (desktop only: the preload bridge's update calls). */
export interface UpdateView {
  settings: UpdateSettings;
  state: UpdateState;
}
