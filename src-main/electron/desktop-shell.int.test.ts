import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '../../src-shared';
import { afterEach, describe, expect, it } from 'vitest';
import { activeMllpConnector } from '../../test/support/mllp-connector';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import type { AlertNotice } from './alert-notices';
import { closeToTraySetting } from './close-to-tray';
import type { EngineClient } from '../api/engine-client';
import { createDesktopShell, type ShellPorts } from './desktop-shell';
import { inProcessEngineClient } from './in-process-engine-client';
import type { StartAtLoginChoice } from './start-at-login';
import type { TrayLook, TrayMenuItem } from './tray-look';

const dirs: string[] = [];
const userDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'interop-shell-'));
  dirs.push(dir);
  return dir;
};

/** Fakes of the Electron side (tray, window, notifications, dialogs) around a real engine; close to tray is the real settings file. */
function fakeElectron(engine: EngineClient, options: { closeToTrayEnv?: string; confirm?: boolean } = {}) {
  const userData = userDataDir();
  const calls = { windows: [] as (string | undefined)[], notices: [] as { notice: AlertNotice; click: () => void }[], confirms: [] as number[], quits: 0, dataFolder: 0 };
  const login = { on: false, choice: undefined as StartAtLoginChoice };
  let tray: { look: TrayLook; menu: TrayMenuItem[] } | undefined;
  const ports: ShellPorts = {
    engine,
    showWindow: (route) => calls.windows.push(route),
    setTray: (look, menu) => (tray = { look, menu }),
    notify: (notice, click) => calls.notices.push({ notice, click }),
    confirmQuit: async (listeners) => {
      calls.confirms.push(listeners);
      return options.confirm ?? true;
    },
    openDataFolder: () => calls.dataFolder++,
    quit: async () => {
      calls.quits++;
    },
    every: () => () => undefined,
    closeToTray: closeToTraySetting(userData, { INTEROP_CLOSE_TO_TRAY: options.closeToTrayEnv }),
    loginItem: {
      isOn: () => login.on,
      set: (on) => (login.on = on),
      choice: () => login.choice,
      remember: (choice) => (login.choice = choice),
    },
  };
  const action = (label: string) => tray?.menu.find((item) => item.kind === 'action' && item.label.startsWith(label));
  return { ports, calls, login, userData, tray: () => tray, action, toggle: (label: string) => tray?.menu.find((item) => item.kind === 'toggle' && item.label === label) };
}

let engine: TempEngine | undefined;
afterEach(async () => {
  await engine?.dispose();
  engine = undefined;
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('desktop shell', () => {
  it('colours the tray from the engine’s health: green when healthy, amber when disk space runs low, red when it is nearly gone, grey when the engine does not answer', async () => {
    let free = 50 * 1024 ** 3;
    engine = await startTempEngine({ freeDiskBytes: () => free });
    const electron = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(electron.ports);
    await shell.start();
    expect(electron.tray()?.look).toMatchObject({ color: 'green', summary: expect.stringContaining('healthy') });

    free = 500 * 1024 ** 2;
    await expect.poll(async () => (await shell.refresh(), electron.tray()?.look)).toMatchObject({ color: 'amber', summary: expect.stringContaining('free on the data directory') });
    free = 50 * 1024 ** 2;
    await expect.poll(async () => (await shell.refresh(), electron.tray()?.look.color)).toBe('red');

    const gone = fakeElectron({ call: () => Promise.reject(new Error('engine gone')), onChange: () => () => undefined });
    await createDesktopShell(gone.ports).start();
    expect(gone.tray()?.look.color).toBe('grey');
    shell.dispose();
  });

  it('pauses every active inbound connector from the tray and resumes them, through the engine’s operations', async () => {
    engine = await startTempEngine();
    const { connector } = await activeMllpConnector(engine);
    const electron = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(electron.ports);
    await shell.start();
    expect(electron.action('Pause all inbound')).toMatchObject({ label: 'Pause all inbound (1)', enabled: true });
    expect(electron.action('Resume inbound')).toMatchObject({ enabled: false });

    await shell.onTrayAction('pause-inbound');
    const paused = await engine.dispatcher.dispatch('connectors.get', { id: connector.id }, { tenantId: engine.tenantId, actor: 'test' });
    expect(paused.ok && (paused.value as { status: string }).status).toBe('paused');
    expect(electron.action('Resume inbound')).toMatchObject({ label: 'Resume inbound (1)', enabled: true });

    await shell.onTrayAction('resume-inbound');
    const resumed = await engine.dispatcher.dispatch('connectors.get', { id: connector.id }, { tenantId: engine.tenantId, actor: 'test' });
    expect(resumed.ok && (resumed.value as { status: string }).status).toBe('active');
    await shell.onTrayAction('open-data-folder');
    expect(electron.calls.dataFolder).toBe(1);
    shell.dispose();
  });

  it('starts at login once a connector is in use unless the person turned it off, and follows their choice from the tray', async () => {
    engine = await startTempEngine();
    const electron = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(electron.ports);
    await shell.start();
    expect(electron.login.on).toBe(false);
    expect(electron.toggle('Start at login')).toMatchObject({ checked: false });

    await activeMllpConnector(engine);
    await shell.refresh();
    expect(electron.login.on).toBe(true);
    expect(electron.toggle('Start at login')).toMatchObject({ checked: true });

    await shell.onTrayAction('toggle-start-at-login');
    expect(electron.login).toEqual({ on: false, choice: 'off' });
    await shell.refresh();
    expect(electron.login.on).toBe(false);
    await shell.onTrayAction('toggle-start-at-login');
    expect(electron.login).toEqual({ on: true, choice: 'on' });
    shell.dispose();
  });

  it('leaves the login item as it is while the engine does not answer (restarting), instead of reading that as no connector in use', async () => {
    engine = await startTempEngine();
    const running = inProcessEngineClient(engine);
    let answering = true;
    const electron = fakeElectron({ call: (name, input) => (answering ? running.call(name, input) : Promise.reject(new Error('engine restarting'))), onChange: running.onChange });
    const shell = createDesktopShell(electron.ports);
    await activeMllpConnector(engine);
    await shell.start();
    expect(electron.login.on).toBe(true);

    answering = false;
    await shell.refresh();
    expect(electron.login.on).toBe(true);
    expect(electron.toggle('Start at login')).toMatchObject({ checked: true });

    const coldStart = fakeElectron({ call: () => Promise.reject(new Error('engine starting')), onChange: () => () => undefined });
    coldStart.login.on = true;
    await createDesktopShell(coldStart.ports).start();
    expect(coldStart.login.on).toBe(true);
    shell.dispose();
  });

  it('applies start at login changed from the console at once, through the same path as the tray, and the tray’s checkbox follows', async () => {
    engine = await startTempEngine();
    await activeMllpConnector(engine);
    const electron = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(electron.ports);
    await shell.start();
    expect((await shell.choices()).startAtLogin).toEqual({ on: true, reason: 'connector-in-use', loginItemOn: true });

    expect((await shell.changeChoices({ startAtLogin: false })).startAtLogin).toEqual({ on: false, reason: 'chosen', loginItemOn: false });
    expect(electron.login).toEqual({ on: false, choice: 'off' });
    expect(electron.toggle('Start at login')).toMatchObject({ checked: false });

    await shell.onTrayAction('toggle-start-at-login');
    expect((await shell.choices()).startAtLogin).toEqual({ on: true, reason: 'chosen', loginItemOn: true });
    expect(electron.toggle('Start at login')).toMatchObject({ checked: true });
    shell.dispose();
  });

  it('reads close to tray at each close: turned off in the settings, the next close quits without a restart', async () => {
    engine = await startTempEngine();
    const electron = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(electron.ports);
    expect((await shell.choices()).closeToTray).toEqual({ on: true, forcedOffByEnvironment: false });
    expect(await shell.onWindowClose()).toBe('hide');

    expect((await shell.changeChoices({ closeToTray: false })).closeToTray).toEqual({ on: false, forcedOffByEnvironment: false });
    expect(await shell.onWindowClose()).toBe('quit');
    expect(electron.calls.quits).toBe(1);
  });

  it('quits on close while INTEROP_CLOSE_TO_TRAY=0 even when close to tray is chosen, and says the environment forces it', async () => {
    engine = await startTempEngine();
    const electron = fakeElectron(inProcessEngineClient(engine), { closeToTrayEnv: '0' });
    const shell = createDesktopShell(electron.ports);
    expect((await shell.changeChoices({ closeToTray: true })).closeToTray).toEqual({ on: true, forcedOffByEnvironment: true });
    expect(await shell.onWindowClose()).toBe('quit');
  });

  it('asks before quitting while listeners receive, stays when the answer is no, and quits without asking when none do', async () => {
    engine = await startTempEngine();
    const idle = fakeElectron(inProcessEngineClient(engine));
    expect(await createDesktopShell(idle.ports).requestQuit()).toBe(true);
    expect(idle.calls).toMatchObject({ confirms: [], quits: 1 });

    await activeMllpConnector(engine);
    const declining = fakeElectron(inProcessEngineClient(engine), { confirm: false });
    expect(await createDesktopShell(declining.ports).requestQuit()).toBe(false);
    expect(declining.calls).toMatchObject({ confirms: [1], quits: 0 });
    const accepting = fakeElectron(inProcessEngineClient(engine), { confirm: true });
    await createDesktopShell(accepting.ports).onTrayAction('quit');
    expect(accepting.calls).toMatchObject({ confirms: [1], quits: 1 });
  });

  it('keeps the engine running in the tray when the window closes, or quits when told not to keep it, and shows the window on a second launch', async () => {
    engine = await startTempEngine();
    const tray = fakeElectron(inProcessEngineClient(engine));
    const shell = createDesktopShell(tray.ports);
    expect(await shell.onWindowClose()).toBe('hide');
    expect(tray.calls.quits).toBe(0);
    shell.onSecondInstance();
    expect(tray.calls.windows).toEqual([undefined]);

    const noTray = fakeElectron(inProcessEngineClient(engine), { closeToTrayEnv: '0' });
    expect(await createDesktopShell(noTray.ports).onWindowClose()).toBe('quit');
    expect(noTray.calls.quits).toBe(1);
  });

  it('notifies each alert opened after start once, and a click opens the console at that connector’s alerts', async () => {
    engine = await startTempEngine();
    const real = inProcessEngineClient(engine);
    const open: Alert[] = [alert('ALRT_01J00000000000000000000001', 'CONN_01J00000000000000000000001', 'Lab in: connection failed 3 times')];
    const client: EngineClient = { ...real, call: (name, input) => (name === 'alerts.list' ? Promise.resolve({ ok: true, value: { data: open, total: open.length } }) : real.call(name, input)) };
    const electron = fakeElectron(client);
    const shell = createDesktopShell(electron.ports);
    await shell.start();
    expect(electron.calls.notices).toEqual([]);

    open.push(alert('ALRT_01J00000000000000000000002', 'CONN_01J00000000000000000000002', 'ADT in: no message for 2 h'));
    await shell.refresh();
    await shell.refresh();
    expect(electron.calls.notices.map((n) => n.notice)).toEqual([{ alertId: 'ALRT_01J00000000000000000000002', title: 'Interop Console error', body: 'ADT in: no message for 2 h', route: 'alerts?connector=CONN_01J00000000000000000000002' }]);
    electron.calls.notices[0]?.click();
    expect(electron.calls.windows).toEqual(['alerts?connector=CONN_01J00000000000000000000002']);
    shell.dispose();
  });
});

function alert(id: string, connectorId: string, message: string): Alert {
  return { id, tenantId: 'TEN_default', type: 'connection_failed', severity: 'error', status: 'open', connectorId, dedupeKey: `connection_failed:${connectorId}`, message, count: 3, firstSeenAt: '2026-12-07T06:00:00.000Z', lastSeenAt: '2026-12-07T06:00:00.000Z', acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolution: null, recoveryMessage: null };
}
