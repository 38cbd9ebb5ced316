import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreOverview } from '../../src-shared';
import { callApi, eventually, postApi, useConsoleSession } from './console-session';

describe('restoring a backup from the console', () => {
  const session = useConsoleSession();

  it('asks first, naming the backup and that inbound pauses, then reconnects to the restored store with the replaced one kept as a backup', async () => {
    const { url } = session.engine;
    const folder = mkdtempSync(join(tmpdir(), 'interop-e2e-restore-'));
    try {
      await postApi(url, 'api/v1/connectors', { name: 'Kept by the backup', protocol: 'mllp', direction: 'inbound', port: 2575 });
      const job = await postApi(url, 'api/v1/integration-jobs', { name: 'Store backup', kind: 'store-backup', schedule: '0 2 * * *', timeZone: 'UTC', config: { folder, keep: 5 } });
      await postApi(url, `api/v1/integration-jobs/${job.id}/run`, {});
      await expect.poll(async () => (await callApi<StoreOverview>(url, 'GET', 'api/v1/store')).backups.files.length, { timeout: 30_000 }).toBe(1);
      await postApi(url, 'api/v1/connectors', { name: 'Made after the backup', protocol: 'mllp', direction: 'inbound', port: 2576 });

      const page = await session.open('settings');
      const table = page.getByTestId('backups-table');
      await table.waitFor(eventually);
      await table.getByRole('button', { name: /^Restore the backup of / }).click();
      const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
      const taken = (await table.getByRole('row').nth(1).getByRole('cell').nth(1).textContent()) ?? '';
      expect(await dialog.textContent()).toContain(taken);
      expect(await dialog.textContent()).toContain('Inbound pauses');
      await dialog.getByTestId('confirm-restore').click();

      await table.getByText('before a restore').waitFor({ timeout: 30_000 });
      await page.goto(`${url}#/connectors`);
      await page.getByTestId('connectors-table').getByText('Kept by the backup').waitFor(eventually);
      expect(await page.getByText('Made after the backup').count()).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
