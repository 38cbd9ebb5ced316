import { IPC_DESKTOP_CHOICES_CHANGE, IPC_DESKTOP_CHOICES_VIEW } from '../../src-shared/bridge';
import { DesktopChoicesChange, type DesktopChoicesView } from '../../src-shared/desktop-choices';
import type { Result } from '../../src-shared';
import type { IpcMainLike } from '../api/ipc';
import type { DesktopShell } from './desktop-shell';
import { validationFailed } from './ipc-validation';

const untrusted: Result<never> = { ok: false, status: 403, error: { code: 'INTEROP_IPC_UNTRUSTED_SENDER', message: 'This window may not change the desktop settings' } };

/** The console's Settings reaches start at login and close to tray here: view, change (validated, applied at once); console frames only. */
export function registerDesktopChoicesIpc(ipcMain: IpcMainLike, shell: Pick<DesktopShell, 'choices' | 'changeChoices'>, isTrustedSender: (frameUrl: string) => boolean): () => void {
  const trusted = (event: { senderFrame: { url: string } | null }): boolean => event.senderFrame !== null && isTrustedSender(event.senderFrame.url);
  const ok = (value: DesktopChoicesView): Result<DesktopChoicesView> => ({ ok: true, value });
  ipcMain.handle(IPC_DESKTOP_CHOICES_VIEW, async (event) => (trusted(event) ? ok(await shell.choices()) : untrusted));
  ipcMain.handle(IPC_DESKTOP_CHOICES_CHANGE, async (event, input) => {
    if (!trusted(event)) return untrusted;
    const parsed = DesktopChoicesChange.safeParse(input);
    return parsed.success ? ok(await shell.changeChoices(parsed.data)) : validationFailed(parsed.error);
  });
  return () => [IPC_DESKTOP_CHOICES_VIEW, IPC_DESKTOP_CHOICES_CHANGE].forEach((name) => ipcMain.removeHandler(name));
}
