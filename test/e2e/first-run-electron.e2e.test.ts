import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-binary.mjs';
import { REPO_ROOT } from '../support/headless-process';

/** The Electron binary cannot be downloaded on the build machines; elsewhere this runs the wizard in the real desktop app. */
const binary = electronBinary();
if (!binary) console.warn('Desktop first-run wizard test skipped: no Electron binary installed on this machine (npm allowScripts denies its download); the browser console test (first-run.e2e.test.ts) covers the wizard.');

const eventually = { timeout: 30_000 };

describe.skipIf(!binary)('the first-run wizard in the desktop app', () => {
  it('takes a fresh app to a test message in the log through the in-process engine', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'interop-electron-first-run-'));
    const app = await electron.launch({ executablePath: binary as string, args: [REPO_ROOT, `--user-data-dir=${userData}`], cwd: REPO_ROOT });
    try {
      const window = await app.firstWindow();
      await window.waitForSelector('[data-app-state="ready"]', { timeout: 60_000 });
      await window.getByTestId('first-run-offer').getByRole('link', { name: 'Start setup' }).click(eventually);
      await window.getByTestId('first-run-data-dir').waitFor(eventually);
      await window.getByRole('button', { name: 'Next' }).click();
      const step = window.getByTestId('first-run-connector');
      await step.getByRole('radio', { name: /Laboratory results/ }).check();
      await expect.poll(async () => Number(await step.getByLabel('Port', { exact: true }).inputValue()), eventually).toBeGreaterThanOrEqual(2575);
      await step.getByRole('button', { name: 'Create and start listening' }).click();
      await window.getByTestId('first-run-test-message').getByRole('button', { name: 'Send test message' }).click(eventually);
      expect(await window.getByTestId('first-run-ack').textContent(eventually)).toMatch(/answered AA: stored\.$/);
      await window.getByTestId('first-run-test-message').getByRole('button', { name: 'Next' }).click();
      await window.getByTestId('first-run-arrived').waitFor(eventually);
    } finally {
      await app.close();
      rmSync(userData, { recursive: true, force: true });
    }
  });
});
