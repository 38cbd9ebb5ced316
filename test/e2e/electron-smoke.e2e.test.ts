import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { REPO_ROOT } from '../support/headless-process';

/** The Electron binary cannot be downloaded on the build machines; elsewhere this launches the real app. */
const binary = electronBinary();
if (!binary) console.warn('Electron smoke test skipped: no Electron binary installed on this machine (npm allowScripts denies its download).');

describe.skipIf(!binary)('desktop app', () => {
  it('opens the console window with the renderer locked down: no Node globals, only the bridge, no navigation or new windows', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'interop-electron-'));
    const app = await electron.launch({ executablePath: binary as string, args: [REPO_ROOT, `--user-data-dir=${userData}`], cwd: REPO_ROOT });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('[data-app-state="ready"]', { timeout: 60_000 });
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { module?: unknown }).module)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { Buffer?: unknown }).Buffer)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((globalThis as { interop?: object }).interop ?? {}).sort())).toEqual(['call', 'changeDesktopChoices', 'checkForUpdates', 'configureUpdates', 'desktopChoices', 'on', 'onFileOpened', 'takeOpenedFile', 'updateView']);
      expect(await window.evaluate(() => typeof (globalThis as { interop?: { call?: unknown } }).interop?.call)).toBe('function');
      // Navigation to another origin is blocked: the console stays where it is.
      const before = window.url();
      await window.evaluate(() => void (globalThis as unknown as { location: { assign: (url: string) => void } }).location.assign('https://example.org/'));
      await window.waitForTimeout(500);
      expect(window.url()).toBe(before);
      // window.open never opens an Electron window.
      expect(await window.evaluate(() => (globalThis as unknown as { open: (url: string) => unknown }).open('https://example.org/') === null)).toBe(true);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
