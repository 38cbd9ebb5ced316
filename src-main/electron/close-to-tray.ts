import { desktopSettingsFile, readDesktopSettings, writeDesktopSetting } from './desktop-settings-file';
import type { ShellPorts } from './desktop-shell';

/** `INTEROP_CLOSE_TO_TRAY=0` (or false, no) makes closing the window quit whatever the settings say. */
export const closeToTrayOffByEnvironment = (value: string | undefined): boolean => /^(0|false|no)$/i.test(value?.trim() ?? '');

/** Pure: the kept choice (the settings file's `closeToTray`), on unless the person turned it off. */
export const closeToTrayChosen = (settings: Record<string, unknown>): boolean => settings.closeToTray !== false;

/** Close to tray as the `closeToTray` key of the desktop settings file, read afresh at each call; the environment's veto fixed at start. */
export function closeToTraySetting(userData: string, env: { INTEROP_CLOSE_TO_TRAY?: string | undefined }): ShellPorts['closeToTray'] {
  const file = desktopSettingsFile(userData);
  return {
    forcedOffByEnvironment: closeToTrayOffByEnvironment(env.INTEROP_CLOSE_TO_TRAY),
    chosen: () => closeToTrayChosen(readDesktopSettings(file)),
    remember: (on) => writeDesktopSetting(file, 'closeToTray', on),
  };
}
