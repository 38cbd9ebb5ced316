import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { eventually, postApi, useConsoleSession } from './console-session';

describe('store settings in the console', () => {
  const session = useConsoleSession();

  it("keeps a listener's messages 30 days from its form's Retention section, shows the rule on Settings without the desktop-only section, and backs the store up now once its folder is absolute", async () => {
    const { url } = session.engine;
    await postApi(url, 'api/v1/connectors', { name: 'Lab in', protocol: 'mllp', direction: 'inbound', port: 2575 });
    const folder = mkdtempSync(join(tmpdir(), 'interop-e2e-backups-'));
    const context = await session.browser.newContext({ viewport: { width: 1360, height: 900 }, bypassCSP: true });
    try {
      const page = await context.newPage();
      await page.goto(`${url}#/connectors`);
      await page.getByTestId('connectors-table').waitFor();
      await page.getByRole('button', { name: 'Edit' }).first().click();
      const dialog = page.getByRole('dialog', { name: /^Edit connector/ });
      await dialog.getByRole('button', { name: 'Retention' }).click();
      await dialog.getByLabel('Keep messages for (days)').fill('30');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'hidden', ...eventually });

      await page.goto(`${url}#/settings`);
      const rules = page.getByTestId('retention-rules');
      await rules.getByText('30 days').waitFor(eventually);
      expect(await rules.getByText('Lab in').count()).toBe(1);
      expect(await page.getByTestId('desktop-section').count()).toBe(0);
      expect(await page.getByText('Start at login').count()).toBe(0);
      expect((await seriousViolations(page)).join('\n')).toBe('');

      await page.getByLabel('Backup folder').fill('backups');
      await page.getByRole('button', { name: 'Set up nightly backup' }).click();
      await page.getByText('must be an absolute path').waitFor(eventually);
      expect(await page.getByLabel('Backup folder').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Backup folder').fill(folder);
      await page.getByRole('button', { name: 'Set up nightly backup' }).click();
      await page.getByRole('button', { name: 'Back up now' }).click();
      await page.getByTestId('backups-table').waitFor(eventually);
      if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'settings.png'));
      const made = readdirSync(folder).filter((name) => name.startsWith('interop-backup-'));
      expect(made).toHaveLength(1);
      expect(readdirSync(join(folder, made[0] as string)).sort()).toEqual(['interop.db', 'intake.db'].sort());
    } finally {
      await context.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
