/**
 * What the window does with window.open or a target=_blank link: never a new Electron window; an https
 * link (documentation, a partner's portal) opens in the user's browser, anything else nowhere.
 */
export function windowOpenPolicy(url: string): { action: 'deny'; openExternally: string | undefined } {
  try {
    const parsed = new URL(url);
    return { action: 'deny', openExternally: parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed.href : undefined };
  } catch {
    return { action: 'deny', openExternally: undefined };
  }
}
