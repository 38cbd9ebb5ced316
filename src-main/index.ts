import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage } from 'electron';
import { registerIpc } from './api/ipc';
import { bootstrap, type Engine } from './bootstrap';
import { createLogger } from './core/logger';
import { ADMIN_SCOPE } from './core/request-context';
import { parseFetchAllowList } from './fetch/url-policy';
import { terminologyServer } from './headless-args';
import { electronSqliteBinding } from './electron/native-binding';
import { isSameDocument, rendererUrlFor } from './electron/navigation-policy';
import { createSafeStorageCipher } from './electron/safe-storage-cipher';
import { createMainWindow } from './electron/window';

/** Desktop entry: Electron lifecycle and the window; the engine itself comes from bootstrap(). */
const logger = createLogger('info', (line) => process.stderr.write(`${line}\n`));
let engine: Engine | undefined;

async function start(): Promise<void> {
  const nativeBinding = electronSqliteBinding(app.getAppPath());
  const cipher = createSafeStorageCipher(safeStorage);
  if (!cipher) logger.log('warn', 'OS keychain unavailable; secrets use the key file in the data directory');
  // The desktop takes the terminology server from the same environment variables as headless.
  const terminology = terminologyServer(process.env.INTEROP_TERMINOLOGY_SERVER, process.env.INTEROP_TERMINOLOGY_AUTHORIZATION);
  if (typeof terminology === 'string') logger.log('warn', 'terminology server setting ignored', { reason: terminology });
  const fetchAllow = parseFetchAllowList(process.env.INTEROP_FETCH_ALLOW ?? '');
  if (typeof fetchAllow === 'string') logger.log('warn', 'INTEROP_FETCH_ALLOW ignored', { reason: fetchAllow });
  engine = await bootstrap({
    dataDir: join(app.getPath('userData'), 'data'),
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
  const window = createMainWindow({ preloadPath: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)), rendererUrl });
  const unregister = registerIpc({
    ipcMain,
    dispatcher: engine.dispatcher,
    changes: engine.changes,
    ctx: { tenantId: engine.tenantId, actor: 'desktop', principal: { kind: 'desktop', id: 'desktop', scopes: [ADMIN_SCOPE], tenantId: undefined } },
    isTrustedSender: (url) => isSameDocument(url, rendererUrl),
    target: window.webContents,
  });
  window.on('closed', unregister);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!engine) return;
    event.preventDefault();
    const stopping = engine;
    engine = undefined;
    void stopping.stop().finally(() => app.exit(0));
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
