import { dialog, Menu, nativeImage, Notification, shell, Tray, type MenuItemConstructorOptions } from 'electron';
import type { ShellPorts } from './desktop-shell';
import { trayIconBitmap } from './tray-icon';
import type { TrayAction, TrayColor, TrayMenuItem } from './tray-look';

const ICON_SIZE = 16;
const iconOf = (color: TrayColor) => nativeImage.createFromBitmap(trayIconBitmap(color, ICON_SIZE * 2), { width: ICON_SIZE * 2, height: ICON_SIZE * 2, scaleFactor: 2 });

export interface ElectronShellOptions {
  engine: ShellPorts['engine'];
  dataDir: string;
  closeToTray: ShellPorts['closeToTray'];
  loginItem: ShellPorts['loginItem'];
  showWindow: ShellPorts['showWindow'];
  quit: ShellPorts['quit'];
  onTrayAction: (action: TrayAction) => void;
}

/** The shell's ports on Electron: a Tray with a coloured dot and a menu, OS notifications, the quit dialog. */
export function electronShellPorts(options: ElectronShellOptions): ShellPorts {
  const tray = new Tray(iconOf('grey'));
  tray.on('click', () => options.showWindow());
  const menuItem = (item: TrayMenuItem): MenuItemConstructorOptions =>
    item.kind === 'separator'
      ? { type: 'separator' }
      : item.kind === 'status'
        ? { label: item.label, enabled: false }
        : item.kind === 'toggle'
          ? { type: 'checkbox', label: item.label, checked: item.checked, click: () => options.onTrayAction(item.action) }
          : { label: item.label, enabled: item.enabled, click: () => options.onTrayAction(item.action) };
  return {
    engine: options.engine,
    showWindow: options.showWindow,
    setTray(look, menu) {
      tray.setImage(iconOf(look.color));
      tray.setToolTip(look.summary);
      tray.setContextMenu(Menu.buildFromTemplate(menu.map(menuItem)));
    },
    notify(notice, onClick) {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', onClick);
      shown.show();
    },
    async confirmQuit(listeners) {
      const answer = await dialog.showMessageBox({
        type: 'question',
        buttons: ['Quit', 'Keep running'],
        defaultId: 1,
        cancelId: 1,
        message: `${listeners} listener${listeners === 1 ? ' is' : 's are'} receiving messages.`,
        detail: 'Quitting stops them: senders queue or fail until Interop Console runs again. Closing the window instead keeps them running in the tray.',
      });
      return answer.response === 0;
    },
    openDataFolder: () => void shell.openPath(options.dataDir),
    quit: async () => {
      await options.quit();
      tray.destroy();
    },
    every(intervalMs, run) {
      const timer = setInterval(run, intervalMs);
      return () => clearInterval(timer);
    },
    closeToTray: options.closeToTray,
    loginItem: options.loginItem,
  };
}
