import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autostartEntry, electronLoginItem, type LoginItemApp } from './login-item';

const dirs: string[] = [];
const XDG = process.env.XDG_CONFIG_HOME;
afterEach(() => {
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  if (XDG === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = XDG;
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-login-'));
  dirs.push(dir);
  return dir;
};

/** Electron's app, as far as login items go: the settings it was given. */
function fakeApp(userData: string) {
  const given: { openAtLogin: boolean; args?: string[] }[] = [];
  const app: LoginItemApp = {
    getPath: () => userData,
    getLoginItemSettings: () => ({ openAtLogin: given[given.length - 1]?.openAtLogin ?? false }),
    setLoginItemSettings: (settings) => given.push(settings),
  };
  return { app, given };
}

describe('start at login', () => {
  it('on Linux writes and removes a freedesktop autostart entry that starts the app hidden in the tray', () => {
    process.env.XDG_CONFIG_HOME = tempDir();
    const item = electronLoginItem(fakeApp(tempDir()).app, 'linux', '/opt/Interop Console/interop-console');
    expect(item.isOn()).toBe(false);
    item.set(true);
    const file = join(process.env.XDG_CONFIG_HOME, 'autostart', 'interop-console.desktop');
    expect(readFileSync(file, 'utf8')).toBe(autostartEntry('/opt/Interop Console/interop-console'));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/Interop Console/interop-console" --hidden');
    expect(item.isOn()).toBe(true);
    item.set(false);
    expect(existsSync(file)).toBe(false);
  });

  it('on Windows and macOS uses Electron’s login item with --hidden', () => {
    const { app, given } = fakeApp(tempDir());
    const item = electronLoginItem(app, 'win32', 'C:\\\\Program Files\\\\Interop Console\\\\Interop Console.exe');
    item.set(true);
    expect(given).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
    expect(item.isOn()).toBe(true);
  });

  it('remembers the person’s choice in a private settings file beside what else is there', () => {
    const userData = tempDir();
    const item = electronLoginItem(fakeApp(userData).app, 'darwin', '/Applications/Interop Console.app');
    expect(item.choice()).toBeUndefined();
    item.remember('off');
    expect(item.choice()).toBe('off');
    const file = join(userData, 'desktop-settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    item.remember('on');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ startAtLogin: 'on' });
  });
});
