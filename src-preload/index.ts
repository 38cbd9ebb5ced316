import { contextBridge, ipcRenderer } from 'electron';
import { ErrorCode, operationNames, type ChangeEvent } from '../src-shared';
import { IPC_DESKTOP_CHOICES_CHANGE, IPC_DESKTOP_CHOICES_VIEW, IPC_EVENT_CHANNEL, IPC_FILE_OPENED_EVENT, IPC_OPENED_FILE_CHANNEL, IPC_UPDATES_CHECK, IPC_UPDATES_CONFIGURE, IPC_UPDATES_VIEW, ipcChannelOf, type InteropBridge, type OpenedFile } from '../src-shared/bridge';

const allowed = new Set<string>(operationNames);

/** The renderer's only door to the engine: allow-listed operations, change events and (desktop) the .hl7 files opened with the app, the update channel and the desktop's start-at-login and close-to-tray choices, nothing else. */
const bridge: InteropBridge = {
  call(operation, input) {
    if (!allowed.has(operation)) {
      return Promise.resolve({ ok: false, status: 404, error: { code: ErrorCode.INTEROP_UNKNOWN_OPERATION, message: `Unknown operation ${operation}` } });
    }
    return ipcRenderer.invoke(ipcChannelOf(operation), input);
  },
  on(listener) {
    const handler = (_event: unknown, change: ChangeEvent) => listener(change);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
    };
  },
  takeOpenedFile: () => ipcRenderer.invoke(IPC_OPENED_FILE_CHANNEL) as Promise<OpenedFile | null>,
  updateView: () => ipcRenderer.invoke(IPC_UPDATES_VIEW),
  configureUpdates: (settings) => ipcRenderer.invoke(IPC_UPDATES_CONFIGURE, settings),
  checkForUpdates: () => ipcRenderer.invoke(IPC_UPDATES_CHECK),
  desktopChoices: () => ipcRenderer.invoke(IPC_DESKTOP_CHOICES_VIEW),
  changeDesktopChoices: (change) => ipcRenderer.invoke(IPC_DESKTOP_CHOICES_CHANGE, change),
  onFileOpened(listener) {
    const handler = () => listener();
    ipcRenderer.on(IPC_FILE_OPENED_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_FILE_OPENED_EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('interop', bridge);
