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
  it('opens the console window with the renderer locked down', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'interop-electron-'));
    const app = await electron.launch({ executablePath: binary as string, args: [REPO_ROOT, `--user-data-dir=${userData}`], cwd: REPO_ROOT });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('[data-app-state="ready"]', { timeout: 60_000 });
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { interop?: { call?: unknown } }).interop?.call)).toBe('function');
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
