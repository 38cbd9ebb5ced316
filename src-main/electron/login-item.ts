import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { desktopSettingsFile, readDesktopSettings, writeDesktopSetting } from './desktop-settings-file';
import type { ShellPorts } from './desktop-shell';
import { HIDDEN_START_ARG, type StartAtLoginChoice } from './start-at-login';

/** The slice of Electron's app this needs. */
export interface LoginItemApp {
  getPath(name: 'userData'): string;
  getLoginItemSettings(): { openAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}


function readChoice(file: string): StartAtLoginChoice {
  const value = readDesktopSettings(file).startAtLogin;
  return value === 'on' || value === 'off' ? value : undefined;
}

/** The freedesktop autostart entry Linux desktops read at login (Electron's login items cover macOS and Windows only). */
export function autostartEntry(executable: string): string {
  const quoted = /[\s"\\]/.test(executable) ? `"${executable.replace(/(["\\])/g, '\\$1')}"` : executable;
  return ['[Desktop Entry]', 'Type=Application', 'Name=Interop Console', 'Comment=Interface engine: keeps receiving HL7 and FHIR in the tray', `Exec=${quoted} ${HIDDEN_START_ARG}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

/**
 * Start at login per user: macOS and Windows through Electron's login items (started with `--hidden`),
 * Linux through ~/.config/autostart; the person's choice kept in the app's own settings file.
 */
export function electronLoginItem(app: LoginItemApp, platform: NodeJS.Platform, executable: string): ShellPorts['loginItem'] {
  const settingsFile = desktopSettingsFile(app.getPath('userData'));
  const autostartFile = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart', 'interop-console.desktop');
  const linux = platform === 'linux';
  return {
    isOn: () => (linux ? existsSync(autostartFile) : app.getLoginItemSettings().openAtLogin),
    set(on) {
      if (!linux) return app.setLoginItemSettings({ openAtLogin: on, args: [HIDDEN_START_ARG] });
      if (!on) return rmSync(autostartFile, { force: true });
      mkdirSync(dirname(autostartFile), { recursive: true });
      writeFileSync(autostartFile, autostartEntry(executable), { mode: 0o644 });
    },
    choice: () => readChoice(settingsFile),
    remember(choice) {
      writeDesktopSetting(settingsFile, 'startAtLogin', choice);
    },
  };
}
