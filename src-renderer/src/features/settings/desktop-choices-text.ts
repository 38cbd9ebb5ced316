import type { DesktopChoicesView } from '@contract/desktop-choices';

/** Why start at login is on or off, and what the operating system's login entry is now. */
export function startAtLoginStatus(view: DesktopChoicesView['startAtLogin']): string {
  const why =
    view.reason === 'chosen'
      ? `${view.on ? 'On' : 'Off'}: your choice.`
      : view.reason === 'connector-in-use'
        ? 'On by default because a connector is in use; turning it off keeps it off.'
        : 'Off by default until a connector is in use.';
  const entry = view.loginItemOn === view.on ? `The login entry is ${view.on ? 'set' : 'not set'}.` : `The login entry is ${view.loginItemOn ? 'still set' : 'not set yet'}.`;
  return `${why} ${entry}`;
}

/** Whether close to tray applies, saying when the environment makes close quit anyway. */
export function closeToTrayStatus(view: DesktopChoicesView['closeToTray']): string | null {
  return view.forcedOffByEnvironment ? 'INTEROP_CLOSE_TO_TRAY=0 is set for this app: closing the window quits whatever this says.' : null;
}
