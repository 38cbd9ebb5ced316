import type { UpdateState } from '@contract/desktop-updates';
import { formatTimestamp } from '../../components/time-format';

const offReasons: Record<Extract<UpdateState, { status: 'off' }>['reason'], string> = {
  disabled: 'Off: updates are turned off.',
  'no-feed-url': 'Off: no update feed URL is configured.',
  environment: 'Off: INTEROP_UPDATES=off is set for this installation.',
  'not-packaged': 'Off: this is a development build (only installed apps update).',
};

/** The update channel's state in words for the Settings section. */
export function updateStateText(state: UpdateState): string {
  const checked = 'checkedAt' in state && state.checkedAt ? ` Last checked ${formatTimestamp(state.checkedAt)}.` : '';
  switch (state.status) {
    case 'off':
      return offReasons[state.reason];
    case 'idle':
      return `Waiting for the next check.${checked}`;
    case 'checking':
      return 'Checking for an update…';
    case 'up-to-date':
      return `Up to date.${checked}`;
    case 'downloading':
      return `Version ${state.version} is downloading.${checked}`;
    case 'ready':
      return `Version ${state.version} is ready: it is installed when the app quits.${checked}`;
    case 'offline':
      return `Offline: the update feed could not be reached (no alert is raised; the next check tries again).${checked}`;
    case 'error':
      return `The update feed answered an error (${state.code}).${checked}`;
    default:
      return state satisfies never;
  }
}
