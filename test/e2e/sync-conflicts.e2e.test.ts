import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootstrap } from '../../src-main/bootstrap';
import { seriousViolations } from '../support/axe';
import { launchBrowser, screenshot } from '../support/console-browser';
import { fhirCall, startUpstreamEngine, type UpstreamEngine } from '../support/fhir-peers';
import { REPO_ROOT, spawnEngine, tempDataDir, type EngineProcess } from '../support/headless-process';
import { recordingRun } from '../support/recording-run';
import { insertSyncJob } from '../support/sync-job-row';
import { eventually } from './console-session';

const JOB_ID = 'JOB_01J0000000000000000000E2E1';
const patient = (family: string, birthDate: string) => ({ resourceType: 'Patient', id: 'c1', name: [{ family }], birthDate, gender: 'female' });

/**
 * A data dir where a pull sync (run in this process on an engine over that dir) left a manual conflict
 * for Patient/c1 with `upstream`: synced once, then changed on both sides, then pulled again.
 */
async function dataDirWithConflict(upstream: UpstreamEngine): Promise<string> {
  const dataDir = tempDataDir();
  const engine = await bootstrap({ dataDir, http: { host: '127.0.0.1', port: 0 } });
  const localFhir = `${engine.url as string}fhir/R4`;
  const kind = engine.sync.kinds.fhirPullSync;
  const config = kind.config.parse({ serverUrl: upstream.fhirUrl, resourceTypes: ['Patient'], conflictStrategy: { Patient: 'manual' } });
  insertSyncJob(engine, JOB_ID, 'fhir-pull-sync', config);
  await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/c1', patient('Base', '1970-01-01'));
  const first = recordingRun(config, { jobId: JOB_ID });
  await kind.run(first);
  await fhirCall(upstream.fhirUrl, 'PUT', 'Patient/c1', patient('Remote', '1970-01-01'));
  await fhirCall(localFhir, 'PUT', 'Patient/c1', patient('Local', '1980-02-02'));
  const second = recordingRun(config, { jobId: JOB_ID, jobState: first.newJobState });
  await kind.run(second);
  expect(second.counts.conflicts).toBe(1);
  await engine.stop();
  return dataDir;
}

describe('the sync conflicts inbox in the console', () => {
  let upstream: UpstreamEngine | undefined;
  let engine: EngineProcess | undefined;
  afterAll(async () => {
    await engine?.stop();
    if (engine) rmSync(engine.dataDir, { recursive: true, force: true });
    await upstream?.dispose();
  });

  it('shows both versions of a manual conflict side by side with the differing fields highlighted, and resolves it by keeping the upstream version', async () => {
    upstream = await startUpstreamEngine();
    engine = await spawnEngine([], undefined, await dataDirWithConflict(upstream));
    const browser = await launchBrowser();
    try {
      // axe is injected as a script of its own, which the console's CSP refuses (test/support/axe.ts).
      const page = await (await browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true })).newPage();
      await page.goto(`${engine.url}#/sync-conflicts`);
      await page.locator('[data-app-state="ready"]').waitFor();
      const row = page.getByTestId('conflicts-table').getByRole('row', { name: /Patient\/c1/ });
      await expect.poll(() => row.textContent(), eventually).toContain('birthDate, name');
      await row.getByRole('button', { name: 'Patient/c1' }).click();

      const detail = page.getByTestId('conflict-detail');
      const differing = detail.locator('tr[data-differs]');
      await expect.poll(() => differing.allTextContents(), eventually).toEqual([expect.stringMatching(/^birthDate/), expect.stringMatching(/^name/)]);
      const nameRow = detail.locator('tr[data-differs]').filter({ hasText: /^name/ });
      expect(await nameRow.locator('td').nth(1).textContent()).toContain('Local');
      expect(await nameRow.locator('td').nth(2).textContent()).toContain('Remote');
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, join(REPO_ROOT, 'test-results', 'sync-conflict-detail.png'));

      await detail.getByRole('button', { name: 'Keep upstream (right)' }).click();
      await detail.getByText(/the upstream version was kept/).waitFor();
      const local = await fhirCall(`${engine.url}fhir/R4`, 'GET', 'Patient/c1');
      expect(local.body).toMatchObject({ name: [{ family: 'Remote' }], birthDate: '1970-01-01' });
      await page.getByRole('radio', { name: 'Open' }).check({ force: true });
      await page.getByTestId('conflicts-empty').waitFor();
      await screenshot(page, join(REPO_ROOT, 'test-results', 'sync-conflicts-resolved.png'));
    } finally {
      await browser.close();
    }
  });
});
