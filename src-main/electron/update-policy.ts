import type { UpdateSettings, UpdateState } from '../../src-shared/desktop-updates';

/** `INTEROP_UPDATES=off` (or 0, false, no) turns updates off whatever the settings say: offline sites. */
export const updatesOffByEnvironment = (value: string | undefined): boolean => /^(off|0|false|no)$/i.test(value?.trim() ?? '');

/** Whether the channel checks, and the state to show when it does not. */
export function updatePlan(settings: UpdateSettings, env: { INTEROP_UPDATES?: string | undefined }, packaged: boolean): { check: true } | { check: false; state: UpdateState } {
  if (updatesOffByEnvironment(env.INTEROP_UPDATES)) return { check: false, state: { status: 'off', reason: 'environment' } };
  if (!settings.enabled) return { check: false, state: { status: 'off', reason: 'disabled' } };
  if (settings.feedUrl === '') return { check: false, state: { status: 'off', reason: 'no-feed-url' } };
  if (!packaged) return { check: false, state: { status: 'off', reason: 'not-packaged' } };
  return { check: true };
}

/** Network failures that mean "no feed reachable from here" (an offline site), by Node and Chromium error codes. */
const OFFLINE_CODES = /^(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_NETWORK_CHANGED)$|^net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_REFUSED|CONNECTION_TIMED_OUT|NETWORK_CHANGED|ADDRESS_UNREACHABLE|PROXY_CONNECTION_FAILED)/;

/** A failed check as the console shows it: offline (a state, not an alert), or an error by its code only (no URL, no message text). */
export function failedCheck(error: unknown, checkedAt: string): UpdateState {
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? error.message : '';
  const offline = (code !== undefined && OFFLINE_CODES.test(code)) || /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_REFUSED|CONNECTION_TIMED_OUT|ADDRESS_UNREACHABLE)/.test(message);
  if (offline) return { status: 'offline', checkedAt };
  return { status: 'error', code: code && /^[A-Z0-9_:.]{1,60}$/i.test(code) ? code : 'UPDATE_CHECK_FAILED', checkedAt };
}
