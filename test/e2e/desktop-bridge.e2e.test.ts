import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_DESKTOP_CHOICES_CHANGE, IPC_DESKTOP_CHOICES_VIEW, ipcChannelOf } from '../../src-shared/bridge';
import { registerIpc } from '../../src-main/api/ipc';
import { closeToTraySetting } from '../../src-main/electron/close-to-tray';
import { registerDesktopChoicesIpc } from '../../src-main/electron/desktop-choices-ipc';
import { createDesktopShell, type DesktopShell } from '../../src-main/electron/desktop-shell';
import { inProcessEngineClient } from '../../src-main/electron/in-process-engine-client';
import { electronLoginItem } from '../../src-main/electron/login-item';
import { FakeIpcMain, RENDERER_URL } from '../support/api-transports';
import { launchBrowser } from '../support/console-browser';
import { freePort } from '../support/free-port';
import { activeMllpConnector } from '../support/mllp-connector';
import { REPO_ROOT } from '../support/headless-process';
import { startTempEngine, type TempEngine } from '../support/temp-engine';

/**
 * Stands in for the preload script: `window.interop` forwards calls to the real IPC adapter in this
 * process, and change events come back through `on`, as they would from Electron's main process.
 */
const BRIDGE_SCRIPT = `
  const listeners = new Set();
  window.__interopEmit = (event) => listeners.forEach((listener) => listener(event));
  window.interop = {
    call: (operation, input) => window.__interopInvoke(operation, input),
    on: (listener) => { listeners.add(listener); return () => listeners.delete(listener); },
    desktopChoices: () => window.__interopDesktop('${IPC_DESKTOP_CHOICES_VIEW}'),
    changeDesktopChoices: (change) => window.__interopDesktop('${IPC_DESKTOP_CHOICES_CHANGE}', change),
  };
`;

describe('console inside the desktop app (window.interop bridge)', () => {
  let engine: TempEngine;
  let browser: Browser;
  let page: Page;
  let disposeIpc: () => void;
  let disposeChoices: () => void;
  let shell: DesktopShell;
  let userData: string;
  const loginItems: boolean[] = [];
  const apiRequests: string[] = [];

  beforeAll(async () => {
    // HTTP only serves the built console files; every call has to go through the bridge.
    engine = await startTempEngine({ http: { host: '127.0.0.1', port: 0, rendererDir: join(REPO_ROOT, 'out', 'renderer') } });
    const ipcMain = new FakeIpcMain();
    disposeIpc = registerIpc({
      ipcMain,
      engine: inProcessEngineClient(engine),
      isTrustedSender: (url) => url.startsWith(RENDERER_URL),
      target: {
        send: (_channel, event) => void page?.evaluate((e) => (globalThis as unknown as { __interopEmit(e: unknown): void }).__interopEmit(e), event).catch(() => undefined),
        isDestroyed: () => false,
      },
    });
    // The desktop shell with the real settings file; Electron's login item and the tray are fakes.
    userData = mkdtempSync(join(tmpdir(), 'interop-e2e-desktop-'));
    const engineClient = inProcessEngineClient(engine);
    shell = createDesktopShell({
      engine: engineClient,
      showWindow: () => undefined,
      setTray: () => undefined,
      notify: () => undefined,
      confirmQuit: async () => true,
      openDataFolder: () => undefined,
      quit: async () => undefined,
      every: () => () => undefined,
      closeToTray: closeToTraySetting(userData, {}),
      loginItem: electronLoginItem({ getPath: () => userData, getLoginItemSettings: () => ({ openAtLogin: loginItems.at(-1) ?? false }), setLoginItemSettings: ({ openAtLogin }) => void loginItems.push(openAtLogin) }, 'darwin', '/Applications/Interop Console.app'),
    });
    disposeChoices = registerDesktopChoicesIpc(ipcMain, shell, (url) => url.startsWith(RENDERER_URL));
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    await page.exposeFunction('__interopDesktop', (channel: string, input: unknown) => ipcMain.invoke(channel, `${RENDERER_URL}#/`, input));
    await page.exposeFunction('__interopInvoke', (operation: string, input: unknown) => ipcMain.invoke(ipcChannelOf(operation), `${RENDERER_URL}#/`, input));
    await page.addInitScript(BRIDGE_SCRIPT);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiRequests.push(request.url());
    });
  });
  afterAll(async () => {
    await browser?.close();
    disposeIpc?.();
    disposeChoices?.();
    shell?.dispose();
    await engine?.dispose();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  it('creates and activates a connector through IPC, validates through IPC, and never calls the HTTP API', async () => {
    await page.goto(`${engine.url}#/connectors`);
    await page.locator('[data-app-state="ready"]').waitFor();
    expect(await page.getByTestId('engine-status').textContent()).toContain('Engine running');

    await page.getByRole('button', { name: 'New connector' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New connector' });
    await dialog.getByLabel(/^Name/).fill('Desktop ADT');
    await dialog.getByLabel(/^Port/).fill('70000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Port must be 1–65535').waitFor();

    await dialog.getByLabel(/^Port/).fill(String(await freePort()));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('[data-testid="connector-row"][data-connector-name="Desktop ADT"]');
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect.poll(() => row.getByTestId('connector-status').textContent()).toBe('active');

    expect(apiRequests).toEqual([]);
  });

  it('refreshes the list when the main process reports a change', async () => {
    await page.goto(`${engine.url}#/connectors`);
    await page.getByTestId('connectors-table').waitFor();
    const made = await engine.dispatcher.dispatch('connectors.create', { name: 'Made by the engine', protocol: 'webhook', direction: 'inbound' }, { tenantId: engine.tenantId, actor: 'test' });
    expect(made.ok).toBe(true);
    await page.locator('[data-connector-name="Made by the engine"]').waitFor();
  });

  it('shows the Desktop section on Settings, and its switches change start at login and close to tray at once', async () => {
    await activeMllpConnector(engine);
    await page.goto(`${engine.url}#/settings`);
    const section = page.getByTestId('desktop-section');
    await section.waitFor();
    expect(await section.getByTestId('start-at-login-status').textContent()).toBe('On by default because a connector is in use; turning it off keeps it off. The login entry is set.');
    const closeToTray = section.getByRole('switch', { name: 'Close to tray' });
    expect(await closeToTray.isChecked()).toBe(true);

    await section.getByRole('switch', { name: 'Start at login' }).click();
    await expect.poll(() => section.getByTestId('start-at-login-status').textContent()).toBe('Off: your choice. The login entry is not set.');
    expect(loginItems.at(-1)).toBe(false);
    await closeToTray.click();
    await expect.poll(() => closeToTray.isChecked()).toBe(false);
    expect(JSON.parse(readFileSync(join(userData, 'desktop-settings.json'), 'utf8'))).toEqual({ startAtLogin: 'off', closeToTray: false });
    expect(await shell.onWindowClose()).toBe('quit');
    expect(apiRequests).toEqual([]);
  });
});
