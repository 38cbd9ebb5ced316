import { BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY, isSameDocument } from './navigation-policy';
import { windowOpenPolicy } from './window-policy';

export interface MainWindowOptions {
  preloadPath: string;
  rendererUrl: string;
}

/** The console window with the renderer locked down: no Node, sandboxed, strict CSP, no navigation away. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Interop Console',
    // A literal, so Electronegativity (scripts/electronegativity.mjs) can read it; window.test.ts checks it too.
    // No Node anywhere (workers, subframes), the bridge in an isolated world, the OS sandbox, no <webview>,
    // no navigation by dropping a file, no auxclick (middle-click opening windows). Electron 14+ has no remote module.
    webPreferences: {
      preload: options.preloadPath,
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
    },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    const { action, openExternally } = windowOpenPolicy(url);
    if (openExternally !== undefined) void shell.openExternal(openExternally);
    return { action };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isSameDocument(url, options.rendererUrl)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.rendererUrl);
  return window;
}
