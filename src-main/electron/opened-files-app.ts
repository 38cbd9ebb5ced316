import { readFile, stat } from 'node:fs/promises';
import { IPC_FILE_OPENED_EVENT, IPC_OPENED_FILE_CHANNEL } from '../../src-shared/bridge';
import type { IpcMainLike, IpcTarget } from '../api/ipc';
import { createOpenedFiles, type OpenRefusal } from './opened-files';

/** The slice of Electron's app the opener listens on; tests pass an EventEmitter. */
export interface OpenFileEvents {
  on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): unknown;
}

/**
 * The desktop's .hl7 file association: macOS hands files over with `open-file` (also before the app is
 * ready), Windows and Linux on the command line — the first launch's, or a second launch's which the
 * running instance receives with `second-instance`. Files wait until the console's inspector takes them
 * over IPC; `showInspector` is set once a window can be shown.
 */
export function openedFilesOfApp(deps: { app: OpenFileEvents; onRefused: (reason: OpenRefusal) => void; fs?: Parameters<typeof createOpenedFiles>[0]['fs'] }) {
  let showInspector: (() => void) | undefined;
  const files = createOpenedFiles({ fs: deps.fs ?? { stat, readFile: (path) => readFile(path) }, onOpened: () => showInspector?.(), onRefused: deps.onRefused });
  deps.app.on('open-file', (event, path) => {
    event.preventDefault();
    void files.open(path);
  });
  return {
    /**
     * The window can be shown now: the first command line's files are opened, and when any file waits
     * (also one macOS handed over before the app was ready) the inspector is shown once. True when it was.
     */
    async ready(show: () => void, argv: readonly string[], cwd: string): Promise<boolean> {
      await files.openArgv(argv, cwd);
      showInspector = show;
      if (files.waiting() === 0) return false;
      show();
      return true;
    },
    /** A second launch's command line (Windows, Linux). */
    secondInstance(argv: readonly string[], cwd: string): Promise<void> {
      return files.openArgv(argv, cwd);
    },
    /** Serves the inspector's take to the console window (trusted senders only); returns the unregister. */
    registerIpc(ipcMain: IpcMainLike, isTrustedSender: (frameUrl: string) => boolean): () => void {
      ipcMain.handle(IPC_OPENED_FILE_CHANNEL, async (event) => {
        const url = event.senderFrame?.url;
        return url !== undefined && isTrustedSender(url) ? files.take() : null;
      });
      return () => ipcMain.removeHandler(IPC_OPENED_FILE_CHANNEL);
    },
  };
}

/** Tells the console a file waits (it takes it; a page still loading takes it when the inspector mounts). */
export const notifyFileOpened = (target: IpcTarget): void => {
  if (!target.isDestroyed()) target.send(IPC_FILE_OPENED_EVENT, null);
};
