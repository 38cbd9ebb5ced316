import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, safeStorage, type BrowserWindow } from 'electron';
import { registerIpc } from './api/ipc';
import { bootstrap, type Engine } from './bootstrap';
import { createLogger } from './core/logger';
import { parseFetchAllowList } from './fetch/url-policy';
import { terminologyServer } from './headless-args';
import { electronSqliteBinding } from './electron/native-binding';
import { isSameDocument, rendererUrlFor } from './electron/navigation-policy';
import { createDesktopShell, type DesktopShell } from './electron/desktop-shell';
import { electronShellPorts } from './electron/electron-shell-ports';
import { electronLoginItem } from './electron/login-item';
import { HIDDEN_START_ARG } from './electron/start-at-login';
import { desktopContext, inProcessEngineClient } from './electron/in-process-engine-client';
import { createSafeStorageCipher } from './electron/safe-storage-cipher';
import { createMainWindow } from './electron/window';
import { notifyFileOpened, openedFilesOfApp } from './electron/opened-files-app';
import { createUpdateChannel, type UpdateChannel } from './electron/update-channel';
import { desktopUpdateStore, electronAutoUpdater, registerUpdateIpc } from './electron/update-ipc';

/** Desktop entry: Electron lifecycle, the window and the tray; the engine itself comes from bootstrap(). */
const logger = createLogger('info', (line) => process.stderr.write(`${line}\n`));
let engine: Engine | undefined;
let window: BrowserWindow | undefined;
let desktop: DesktopShell | undefined;
/** Set once a quit was decided: windows may close and the engine stops. */
let quitting = false;
/** .hl7 files opened with the app (file association), for the console's inspector. */
const openedFiles = openedFilesOfApp({ app, onRefused: (reason) => logger.log('warn', 'opened file not inspected', { reason }) });
let updates: UpdateChannel | undefined;

/** Stops the engine gracefully (listeners closed, WAL checkpointed), then ends the app. */
async function quit(): Promise<void> {
  quitting = true;
  desktop?.dispose();
  updates?.dispose();
  const stopping = engine;
  engine = undefined;
  await stopping?.stop();
  app.exit(0);
}

async function start(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'data');
  const nativeBinding = electronSqliteBinding(app.getAppPath());
  const cipher = createSafeStorageCipher(safeStorage);
  if (!cipher) logger.log('warn', 'OS keychain unavailable; secrets use the key file in the data directory');
  // The desktop takes the terminology server from the same environment variables as headless.
  const terminology = terminologyServer(process.env.INTEROP_TERMINOLOGY_SERVER, process.env.INTEROP_TERMINOLOGY_AUTHORIZATION);
  if (typeof terminology === 'string') logger.log('warn', 'terminology server setting ignored', { reason: terminology });
  const fetchAllow = parseFetchAllowList(process.env.INTEROP_FETCH_ALLOW ?? '');
  if (typeof fetchAllow === 'string') logger.log('warn', 'INTEROP_FETCH_ALLOW ignored', { reason: fetchAllow });
  engine = await bootstrap({
    dataDir,
    logger,
    durability: 'FULL',
    ...(cipher ? { cipher } : {}),
    ...(nativeBinding ? { nativeBinding } : {}),
    ...(terminology && typeof terminology !== 'string' ? { terminologyServer: terminology } : {}),
    ...(typeof fetchAllow !== 'string' ? { fetchAllow } : {}),
  });
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const bundledUrl = pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;
  const rendererUrl = rendererUrlFor({ packaged: app.isPackaged, devServerUrl, bundledUrl });
  if (devServerUrl !== undefined && rendererUrl === bundledUrl) logger.log('warn', 'ELECTRON_RENDERER_URL ignored: only a development build loads a dev server, and only from this machine');
  const running = engine;
  const showWindow = (route?: string): void => {
    if (!window || window.isDestroyed()) window = openWindow(running, rendererUrl);
    if (route !== undefined) void window.loadURL(`${rendererUrl.split('#')[0]}#/${route}`);
    window.show();
    window.focus();
  };
  const ports = electronShellPorts({
    engine: inProcessEngineClient(running),
    dataDir,
    keepRunningInTray: !/^(0|false|no)$/i.test(process.env.INTEROP_CLOSE_TO_TRAY ?? ''),
    loginItem: electronLoginItem(app, process.platform, process.env.APPIMAGE ?? process.execPath),
    showWindow,
    quit,
    onTrayAction: (action) => void desktop?.onTrayAction(action),
  });
  desktop = createDesktopShell(ports);
  const every = (ms: number, run: () => void): (() => void) => {
    const timer = setInterval(run, ms);
    return () => clearInterval(timer);
  };
  updates = createUpdateChannel({ updater: electronAutoUpdater, store: desktopUpdateStore(app.getPath('userData')), env: process.env, packaged: app.isPackaged, now: Date.now, every });
  updates.start();
  const showInspector = (): void => {
    showWindow('inspect');
    if (window) notifyFileOpened(window.webContents);
  };
  // Started at login: the engine runs in the tray; the window opens from it (or on an opened .hl7 file).
  if (!(await openedFiles.ready(showInspector, process.argv, process.cwd())) && !process.argv.includes(HIDDEN_START_ARG)) showWindow();
  await desktop.start();
}

/** The console window, its IPC and a close that keeps the engine running in the tray unless a quit was decided. */
function openWindow(running: Engine, rendererUrl: string): BrowserWindow {
  const created = createMainWindow({ preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)), rendererUrl });
  const unregister = registerIpc({
    ipcMain,
    dispatcher: running.dispatcher,
    changes: running.changes,
    ctx: desktopContext(running.tenantId),
    isTrustedSender: (url) => isSameDocument(url, rendererUrl),
    target: created.webContents,
  });
  const unregisterOpenedFiles = openedFiles.registerIpc(ipcMain, (url) => isSameDocument(url, rendererUrl));
  const unregisterUpdates = updates ? registerUpdateIpc(ipcMain, updates, (url) => isSameDocument(url, rendererUrl)) : () => undefined;
  created.on('close', (event) => {
    if (quitting || !desktop) return;
    event.preventDefault();
    void desktop.onWindowClose().then((outcome) => {
      if (outcome === 'hide') created.hide();
    });
  });
  created.on('closed', () => {
    unregister();
    unregisterOpenedFiles();
    unregisterUpdates();
    if (window === created) window = undefined;
  });
  return created;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    desktop?.onSecondInstance();
    void openedFiles.secondInstance(argv, workingDirectory);
  });
  // Closing the last window keeps the engine receiving in the tray; quitting is the tray's or the OS's.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (quitting || !desktop) return;
    event.preventDefault();
    void desktop.requestQuit();
  });
  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    void quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // A second engine on the same data directory ends here too, saying which process holds it.
      const message = error instanceof Error ? error.message : String(error);
      logger.log('error', 'desktop start failed', { error: message });
      dialog.showErrorBox('Interop Console cannot start', message);
      app.exit(1);
    });
}
