import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_DESKTOP_CHOICES_CHANGE, IPC_DESKTOP_CHOICES_VIEW } from '../../src-shared/bridge';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { IpcInvokeEventLike } from '../api/ipc';
import { closeToTraySetting } from './close-to-tray';
import { registerDesktopChoicesIpc } from './desktop-choices-ipc';
import { createDesktopShell } from './desktop-shell';
import { inProcessEngineClient } from './in-process-engine-client';
import { electronLoginItem } from './login-item';
import type { TrayMenuItem } from './tray-look';

const dirs: string[] = [];
const XDG = process.env.XDG_CONFIG_HOME;
let engine: TempEngine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  if (XDG === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = XDG;
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-choices-'));
  dirs.push(dir);
  return dir;
};

/** A real engine, the real settings file and Linux autostart entry in temp folders; only the tray and the window are fakes. */
async function setUp(env: { INTEROP_CLOSE_TO_TRAY?: string } = {}) {
  engine = await startTempEngine();
  const userData = tempDir();
  process.env.XDG_CONFIG_HOME = tempDir();
  writeFileSync(join(userData, 'desktop-settings.json'), JSON.stringify({ updates: { enabled: false, feedUrl: '', channel: 'latest' } }));
  let menu: TrayMenuItem[] = [];
  const shell = createDesktopShell({
    engine: inProcessEngineClient(engine),
    showWindow: () => undefined,
    setTray: (_look, drawn) => (menu = drawn),
    notify: () => undefined,
    confirmQuit: async () => true,
    openDataFolder: () => undefined,
    quit: async () => undefined,
    every: () => () => undefined,
    closeToTray: closeToTraySetting(userData, env),
    loginItem: electronLoginItem({ getPath: () => userData, getLoginItemSettings: () => ({ openAtLogin: false }), setLoginItemSettings: () => undefined }, 'linux', '/opt/interop-console/interop-console'),
  });
  await shell.start();
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const unregister = registerDesktopChoicesIpc({ handle: (name, listener) => void handlers.set(name, listener), removeHandler: (name) => void handlers.delete(name) }, shell, (url) => url === 'file:///app/index.html');
  const from = (url: string | null) => (name: string, ...args: unknown[]) => handlers.get(name)?.({ senderFrame: url === null ? null : { url } }, ...args);
  const settings = () => JSON.parse(readFileSync(join(userData, 'desktop-settings.json'), 'utf8')) as unknown;
  const autostart = join(process.env.XDG_CONFIG_HOME, 'autostart', 'interop-console.desktop');
  const trayChecked = () => menu.flatMap((item) => (item.kind === 'toggle' && item.label === 'Start at login' ? [item.checked] : []))[0];
  return { shell, engine, handlers, unregister, settings, autostart, trayChecked, console: from('file:///app/index.html'), stranger: from('https://attacker.example/'), noFrame: from(null) };
}

describe('the desktop choices over IPC', () => {
  it('shows start at login on by the default once a connector is in use, then keeps a change in the settings file, applies the autostart entry at once and redraws the tray', async () => {
    const ipc = await setUp();
    expect(await ipc.console(IPC_DESKTOP_CHOICES_VIEW)).toEqual({ ok: true, value: { startAtLogin: { on: false, reason: 'nothing-set-up', loginItemOn: false }, closeToTray: { on: true, forcedOffByEnvironment: false } } });
    await activeMllpConnector(ipc.engine);
    expect(await ipc.console(IPC_DESKTOP_CHOICES_VIEW)).toMatchObject({ ok: true, value: { startAtLogin: { on: true, reason: 'connector-in-use', loginItemOn: true } } });
    expect(existsSync(ipc.autostart)).toBe(true);

    expect(await ipc.console(IPC_DESKTOP_CHOICES_CHANGE, { startAtLogin: false, closeToTray: false })).toEqual({ ok: true, value: { startAtLogin: { on: false, reason: 'chosen', loginItemOn: false }, closeToTray: { on: false, forcedOffByEnvironment: false } } });
    expect(existsSync(ipc.autostart)).toBe(false);
    expect(ipc.trayChecked()).toBe(false);
    expect(ipc.settings()).toEqual({ updates: { enabled: false, feedUrl: '', channel: 'latest' }, startAtLogin: 'off', closeToTray: false });
    expect(await ipc.shell.onWindowClose()).toBe('quit');
    ipc.shell.dispose();
  });

  it('refuses invalid changes field by field and changes nothing', async () => {
    const ipc = await setUp();
    expect(await ipc.console(IPC_DESKTOP_CHOICES_CHANGE, { startAtLogin: 'yes', closeToTray: 1 })).toMatchObject({ ok: false, status: 422, error: { code: 'INTEROP_VALIDATION_FAILED', details: { fields: { startAtLogin: [expect.any(String)], closeToTray: [expect.any(String)] } } } });
    expect(await ipc.console(IPC_DESKTOP_CHOICES_CHANGE, { updates: { enabled: true } })).toMatchObject({ ok: false, status: 422 });
    expect(await ipc.console(IPC_DESKTOP_CHOICES_CHANGE, null)).toMatchObject({ ok: false, status: 422 });
    expect(ipc.settings()).toEqual({ updates: { enabled: false, feedUrl: '', channel: 'latest' } });
    ipc.shell.dispose();
  });

  it('says when INTEROP_CLOSE_TO_TRAY=0 forces close to quit', async () => {
    const ipc = await setUp({ INTEROP_CLOSE_TO_TRAY: '0' });
    expect(await ipc.console(IPC_DESKTOP_CHOICES_VIEW)).toMatchObject({ ok: true, value: { closeToTray: { on: true, forcedOffByEnvironment: true } } });
    ipc.shell.dispose();
  });

  it('answers any other frame 403 and changes nothing, and unregisters its channels', async () => {
    const ipc = await setUp();
    expect(await ipc.stranger(IPC_DESKTOP_CHOICES_CHANGE, { startAtLogin: true })).toMatchObject({ ok: false, status: 403 });
    expect(await ipc.noFrame(IPC_DESKTOP_CHOICES_VIEW)).toMatchObject({ ok: false, status: 403 });
    expect(ipc.settings()).toEqual({ updates: { enabled: false, feedUrl: '', channel: 'latest' } });
    expect(existsSync(ipc.autostart)).toBe(false);
    ipc.unregister();
    expect(ipc.handlers.size).toBe(0);
    ipc.shell.dispose();
  });
});
