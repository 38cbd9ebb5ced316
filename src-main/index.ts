import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, dialog, ipcMain, safeStorage, utilityProcess, type BrowserWindow } from 'electron';
import { registerIpc } from './api/ipc';
import { createLogger } from './core/logger';
import { createChannelEngineClient } from './engine-channel/channel-engine-client';
import { electronSqliteBinding } from './electron/native-binding';
import { isSameDocument, rendererUrlFor } from './electron/navigation-policy';
import { closeToTraySetting } from './electron/close-to-tray';
import { registerDesktopChoicesIpc } from './electron/desktop-choices-ipc';
import { createDesktopShell, type DesktopShell } from './electron/desktop-shell';
import { electronShellPorts } from './electron/electron-shell-ports';
import { loadOrCreateDataKey } from './electron/keychain-data-key';
import { moveKeychainSecretsToDataKey } from './electron/keychain-secrets-migration';
import { electronLoginItem } from './electron/login-item';
import { HIDDEN_START_ARG } from './electron/start-at-login';
import { forkUtilityEngineChild } from './electron/utility-engine-child';
import { createMainWindow } from './electron/window';
import { createEngineSupervisor, describeExit, type EngineSupervisor, type SupervisorState } from './supervisor/engine-supervisor';
import { DATABASE_FILE } from './store/store-file';
import { DEFAULT_RESTART_POLICY } from './supervisor/restart-policy';
import { notifyFileOpened, openedFilesOfApp } from './electron/opened-files-app';
import { createUpdateChannel, type UpdateChannel } from './electron/update-channel';
import { desktopUpdateStore, electronAutoUpdater, registerUpdateIpc } from './electron/update-ipc';

/**
 * Desktop entry: Electron lifecycle, the window and the tray. The engine runs in a utility process of its
 * own (engine-process.js), kept running by the supervisor; the window's IPC and the tray reach it through
 * the engine channel's client, so a renderer crash or reload never touches it and its crash never takes the
 * window or the tray down.
 */
const logger = createLogger('info', (line) => process.stderr.write(`${line}\n`));
const engine = createChannelEngineClient();
let supervisor: EngineSupervisor | undefined;
let window: BrowserWindow | undefined;
let desktop: DesktopShell | undefined;
/** Set once a quit was decided: windows may close and the engine stops. */
let quitting = false;
/** .hl7 files opened with the app (file association), for the console's inspector. */
const openedFiles = openedFilesOfApp({ app, onRefused: (reason) => logger.log('warn', 'opened file not inspected', { reason }) });
let updates: UpdateChannel | undefined;

/** Stops the engine process gracefully (listeners closed, WAL checkpointed), then ends the app. */
async function quit(): Promise<void> {
  quitting = true;
  desktop?.dispose();
  updates?.dispose();
  const stopping = supervisor;
  supervisor = undefined;
  await stopping?.stop();
  engine.close();
  app.exit(0);
}

function reportEngine(state: SupervisorState): void {
  if (state.phase === 'restarting' && state.lastExit && state.nextStartAt !== undefined) {
    logger.log('warn', 'engine process stopped unexpectedly; restarting', { exit: describeExit(state.lastExit), restartInMs: state.nextStartAt - state.lastExit.at });
  } else if (state.phase === 'running' && state.restarts > 0) {
    logger.log('info', 'engine process restarted', { restarts: state.restarts });
  } else if (state.phase === 'gave-up') {
    logger.log('error', 'engine process keeps stopping; not restarting it again', { exit: state.lastExit ? describeExit(state.lastExit) : undefined, restarts: state.restarts });
  }
  if (state.phase === 'running' || state.phase === 'restarting' || state.phase === 'gave-up') void desktop?.refresh();
}

/** Starts the engine process under the supervisor; rejects with its reason when the first one cannot start. */
async function startEngine(dataDir: string): Promise<void> {
  const nativeBinding = electronSqliteBinding(app.getAppPath());
  // safeStorage exists only in this process: it unwraps the data key, which the engine gets over its port.
  const dataKey = loadOrCreateDataKey(dataDir, safeStorage);
  if (!dataKey) logger.log('warn', 'OS keychain unavailable; secrets use the key file in the data directory');
  else {
    const moved = moveKeychainSecretsToDataKey(join(dataDir, DATABASE_FILE), nativeBinding, safeStorage, dataKey);
    if (moved > 0) logger.log('info', 'secrets moved from the OS keychain to the keychain-kept data key', { secrets: moved });
  }
  const entry = fileURLToPath(new URL('./engine-process.js', import.meta.url));
  let failure: string | undefined;
  supervisor = createEngineSupervisor({
    spawn: (request) =>
      forkUtilityEngineChild(
        utilityProcess,
        entry,
        { type: 'start', dataDir, dataKey: dataKey?.toString('base64'), nativeBinding, supervision: { restarts: request.restarts, lastExit: request.lastExit } },
        engine,
        (message) => (failure = message),
      ),
    policy: DEFAULT_RESTART_POLICY,
    now: Date.now,
    schedule: (delayMs, run) => {
      const timer = setTimeout(run, delayMs);
      return () => clearTimeout(timer);
    },
    onState: reportEngine,
  });
  const outcome = await supervisor.start();
  // A second engine on the same data directory ends here too, saying which process holds it.
  if (!outcome.started) throw new Error(failure ?? `The engine process ended before it started (${describeExit(outcome.exit)})`);
}

async function start(): Promise<void> {
  const dataDir = join(app.getPath('userData'), 'data');
  await startEngine(dataDir);
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const bundledUrl = pathToFileURL(fileURLToPath(new URL('../renderer/index.html', import.meta.url))).href;
  const rendererUrl = rendererUrlFor({ packaged: app.isPackaged, devServerUrl, bundledUrl });
  if (devServerUrl !== undefined && rendererUrl === bundledUrl) logger.log('warn', 'ELECTRON_RENDERER_URL ignored: only a development build loads a dev server, and only from this machine');
  const showWindow = (route?: string): void => {
    if (!window || window.isDestroyed()) window = openWindow(rendererUrl);
    if (route !== undefined) void window.loadURL(`${rendererUrl.split('#')[0]}#/${route}`);
    window.show();
    window.focus();
  };
  const ports = electronShellPorts({
    engine,
    dataDir,
    closeToTray: closeToTraySetting(app.getPath('userData'), process.env),
    loginItem: electronLoginItem(app, process.platform, process.env.APPIMAGE ?? process.execPath),
    showWindow,
    quit,
    onTrayAction: (action) => void desktop?.onTrayAction(action),
  });
  desktop = createDesktopShell(ports);
  // The update checks run on the shell's own interval (the tray's refresh): the main process's one timer helper.
  updates = createUpdateChannel({ updater: electronAutoUpdater, store: desktopUpdateStore(app.getPath('userData')), env: process.env, packaged: app.isPackaged, now: Date.now, every: ports.every });
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
function openWindow(rendererUrl: string): BrowserWindow {
  const created = createMainWindow({ preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)), rendererUrl });
  const unregister = registerIpc({
    ipcMain,
    engine,
    isTrustedSender: (url) => isSameDocument(url, rendererUrl),
    target: created.webContents,
  });
  const unregisterOpenedFiles = openedFiles.registerIpc(ipcMain, (url) => isSameDocument(url, rendererUrl));
  const unregisterUpdates = updates ? registerUpdateIpc(ipcMain, updates, (url) => isSameDocument(url, rendererUrl)) : () => undefined;
  const unregisterChoices = desktop ? registerDesktopChoicesIpc(ipcMain, desktop, (url) => isSameDocument(url, rendererUrl)) : () => undefined;
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
    unregisterChoices();
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
    if (!supervisor) return;
    event.preventDefault();
    void quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      logger.log('error', 'desktop start failed', { error: message });
      dialog.showErrorBox('Interop Console cannot start', message);
      app.exit(1);
    });
}
