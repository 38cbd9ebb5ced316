import type { WebPreferences } from 'electron';

/**
 * The console window's renderer settings: no Node (nodeIntegration off, also in workers and subframes),
 * the preload's bridge in an isolated world, the OS sandbox, same-origin policy on, no insecure content,
 * no <webview>, no navigation by dropping a file, no middle-click auxclick (a second path to new windows).
 * Electron 14+ has no remote module; `enableRemoteModule` is not an option any more.
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
  };
}

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
