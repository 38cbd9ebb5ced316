import { createRequire } from 'node:module';
import { UpdateSettings, type UpdateView } from '../../src-shared/desktop-updates';
import { IPC_UPDATES_CHECK, IPC_UPDATES_CONFIGURE, IPC_UPDATES_VIEW } from '../../src-shared/bridge';
import type { Result } from '../../src-shared';
import type { IpcMainLike } from '../api/ipc';
import { desktopSettingsFile, readDesktopSettings, writeDesktopSetting } from './desktop-settings-file';
import { validationFailed } from './ipc-validation';
import type { UpdateChannel, UpdateSettingsStore, UpdaterPort } from './update-channel';

const untrusted: Result<never> = { ok: false, status: 403, error: { code: 'INTEROP_IPC_UNTRUSTED_SENDER', message: 'This window may not change the update channel' } };

/** The console's Settings section reaches the update channel here: view, configure (validated), check now; console frames only. */
export function registerUpdateIpc(ipcMain: IpcMainLike, channel: UpdateChannel, isTrustedSender: (frameUrl: string) => boolean): () => void {
  const trusted = (event: { senderFrame: { url: string } | null }): boolean => event.senderFrame !== null && isTrustedSender(event.senderFrame.url);
  const ok = (value: UpdateView): Result<UpdateView> => ({ ok: true, value });
  ipcMain.handle(IPC_UPDATES_VIEW, async (event) => (trusted(event) ? ok(channel.view()) : untrusted));
  ipcMain.handle(IPC_UPDATES_CHECK, async (event) => (trusted(event) ? ok(await channel.checkNow()) : untrusted));
  ipcMain.handle(IPC_UPDATES_CONFIGURE, async (event, input) => {
    if (!trusted(event)) return untrusted;
    const parsed = UpdateSettings.safeParse(input);
    return parsed.success ? ok(channel.configure(parsed.data)) : validationFailed(parsed.error);
  });
  return () => [IPC_UPDATES_VIEW, IPC_UPDATES_CHECK, IPC_UPDATES_CONFIGURE].forEach((name) => ipcMain.removeHandler(name));
}

/** The update settings as the `updates` key of the desktop settings file. */
export function desktopUpdateStore(userData: string): UpdateSettingsStore {
  const file = desktopSettingsFile(userData);
  return { read: () => readDesktopSettings(file).updates, write: (settings) => writeDesktopSetting(file, 'updates', settings) };
}

/** electron-updater's autoUpdater, loaded only when the channel is on (it needs the Electron runtime). */
export const electronAutoUpdater = (): UpdaterPort => (createRequire(import.meta.url)('electron-updater') as { autoUpdater: UpdaterPort }).autoUpdater;
