import type { ChangeEvent, OperationName, Operations, Result } from './index';
import type { DesktopChoicesChange, DesktopChoicesView } from './desktop-choices';
import type { UpdateSettings, UpdateView } from './desktop-updates';
import type { InputOf, OutputOf } from './define-operation';

/** What the preload script exposes to the renderer as `window.interop`. */
export interface InteropBridge {
  call<N extends OperationName>(operation: N, input: InputOf<Operations[N]>): Promise<Result<OutputOf<Operations[N]>>>;
  /** Subscribes to change events; returns the unsubscribe function. */
  on(listener: (event: ChangeEvent) => void): () => void;
  /** Desktop only: the oldest .hl7 file the OS opened with the app that waits for the inspector, taken; null when none waits. */
  takeOpenedFile?(): Promise<OpenedFile | null>;
  /** Desktop only: told when a file was opened while the console runs; returns the unsubscribe function. */
  onFileOpened?(listener: () => void): () => void;
  /** Desktop only: the update channel's settings and state. */
  updateView?(): Promise<Result<UpdateView>>;
  /** Desktop only: keeps new update settings (422 with field errors when invalid). */
  configureUpdates?(settings: UpdateSettings): Promise<Result<UpdateView>>;
  /** Desktop only: looks for an update now (offline is a state, not an error). */
  checkForUpdates?(): Promise<Result<UpdateView>>;
  /** Desktop only: start at login and close to tray, and why each is what it is. */
  desktopChoices?(): Promise<Result<DesktopChoicesView>>;
  /** Desktop only: changes either choice, applied at once (422 with field errors when invalid). */
  changeDesktopChoices?(change: DesktopChoicesChange): Promise<Result<DesktopChoicesView>>;
}

/** An .hl7 file opened with the desktop app: its base name and text. */
export interface OpenedFile {
  name: string;
  text: string;
}

/** The inspector takes a waiting opened file (invoke). */
export const IPC_OPENED_FILE_CHANNEL = 'desktop:opened-file';
/** The main process tells the console a file was opened (send). */
export const IPC_FILE_OPENED_EVENT = 'desktop:file-opened';

export const IPC_EVENT_CHANNEL = 'interop:event';
export const ipcChannelOf = (operation: string): string => `api:${operation}`;

export const IPC_UPDATES_VIEW = 'desktop:updates:view';
export const IPC_UPDATES_CONFIGURE = 'desktop:updates:configure';
export const IPC_UPDATES_CHECK = 'desktop:updates:check';

export const IPC_DESKTOP_CHOICES_VIEW = 'desktop:choices:view';
export const IPC_DESKTOP_CHOICES_CHANGE = 'desktop:choices:change';
