/**
 * Whether this console has dismissed the first-run wizard. Kept in the console's own storage (the
 * browser profile, or the desktop app's), not in the engine: once the engine has a connector the
 * wizard is not offered anywhere anyway.
 */
const KEY = 'interop-console.first-run-dismissed';

export function isFirstRunDismissed(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function dismissFirstRun(): void {
  try {
    globalThis.localStorage?.setItem(KEY, '1');
  } catch {
    // Storage refused (private mode): the offer comes back next time, until a connector exists.
  }
}

/** The wizard is offered while the engine has no connector and this console has not dismissed it. */
export const offersFirstRun = (connectorTotal: number | undefined, dismissed: boolean): boolean => connectorTotal === 0 && !dismissed;

/** The templates the wizard offers for a first inbound connector. */
export const FIRST_RUN_TEMPLATES = ['lis-oru-results', 'adt-feed', 'ris-orders'] as const;
