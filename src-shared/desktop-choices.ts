import { z } from 'zod';

/** A change to the desktop's own choices from the console's Settings: either or both. */
export const DesktopChoicesChange = z
  .object({
    startAtLogin: z.boolean().optional(),
    closeToTray: z.boolean().optional(),
  })
  .strict();
export type DesktopChoicesChange = z.infer<typeof DesktopChoicesChange>;

/** Why start at login is on or off: the person chose, or the default (on once a connector is in use, else off). */
export type StartAtLoginReason = 'chosen' | 'connector-in-use' | 'nothing-set-up';

/** What the desktop Settings section reads and changes (desktop only: the preload bridge's choice calls). */
export interface DesktopChoicesView {
  /** `on` is what the app wants; `loginItemOn` what the OS login item (or Linux autostart entry) is now. */
  startAtLogin: { on: boolean; reason: StartAtLoginReason; loginItemOn: boolean };
  /** `on` is the kept choice (default on); `forcedOffByEnvironment` when INTEROP_CLOSE_TO_TRAY=0 makes close quit anyway. */
  closeToTray: { on: boolean; forcedOffByEnvironment: boolean };
}
