import type { StartAtLoginReason } from '../../src-shared/desktop-choices';

/** What the person chose in the tray menu; undefined until they choose. */
export type StartAtLoginChoice = 'on' | 'off' | undefined;

/**
 * Pure: whether the app should start when the user logs in. Their choice wins; without one it turns on
 * once a connector receives or sends (active or paused), so an engine in use comes back after a reboot,
 * and stays off on a machine where nothing was set up.
 */
export function startAtLoginWanted(choice: StartAtLoginChoice, connectorsInUse: number): boolean {
  if (choice !== undefined) return choice === 'on';
  return connectorsInUse > 0;
}

/** Pure: why start at login is what it is — the person's choice, else the default and what decided it. */
export function startAtLoginReason(choice: StartAtLoginChoice, connectorsInUse: number): StartAtLoginReason {
  if (choice !== undefined) return 'chosen';
  return connectorsInUse > 0 ? 'connector-in-use' : 'nothing-set-up';
}

/** The argument a login start passes, so the app starts in the tray without opening its window. */
export const HIDDEN_START_ARG = '--hidden';
