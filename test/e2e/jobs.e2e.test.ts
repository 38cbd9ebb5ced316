import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { eventually, useConsoleSession } from './console-session';

const inputOf = (scope: Locator, label: string): Locator => scope.getByLabel(new RegExp(`^${label}( \\*)?$`));

async function choose(page: Page, input: Locator, option: string): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('integration jobs in the console', () => {
  const session = useConsoleSession();

  it('creates a bulk-export job with the cron shown in words and its next runs, runs it now, and sees the run succeed with counts and logs', async () => {
    const { url } = session.engine;
    for (const id of ['e2e-1', 'e2e-2']) {
      const put = await fetch(new URL(`fhir/R4/Patient/${id}`, url), { method: 'PUT', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Patient', id }) });
      expect(put.status).toBe(201);
    }
    // bypassCSP lets axe inject its script; the console itself runs as in the other sessions.
    const context = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}#/jobs`);
    await page.locator('[data-app-state="ready"]').waitFor();
    await page.getByTestId('jobs-empty').waitFor();
    await page.getByRole('button', { name: 'New job' }).click();
    const form = page.getByTestId('job-form');
    await inputOf(form, 'Name').fill('Nightly patient export');
    await choose(page, inputOf(form, 'Kind'), 'bulk-export');

    const schedule = inputOf(form, 'Schedule \\(cron\\)');
    await schedule.fill('*/61 * * *');
    await expect.poll(() => form.getByText(/cron|required|invalid|parts/i).count(), eventually).toBeGreaterThan(0);
    await schedule.fill('*/15 * * * *');
    const preview = form.getByTestId('schedule-preview');
    await expect.poll(() => preview.textContent(), eventually).toContain('Every 15 minutes');
    expect(await preview.getByRole('listitem').count()).toBe(3);
    expect((await seriousViolations(page)).join('\n')).toBe('');

    await inputOf(form, 'Settings \\(JSON\\)').fill('{ "resourceTypes": ["Patient"], "keepDays": 0 }');
    await form.getByRole('button', { name: 'Save' }).click();
    // The kind's schema refuses keepDays 0 and the engine's 422 lands on the Settings field.
    await expect.poll(() => form.getByText(/keepDays:/).count(), eventually).toBe(1);
    await inputOf(form, 'Settings \\(JSON\\)').fill('{ "resourceTypes": ["Patient"], "keepDays": 7 }');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });

    const row = page.locator('[data-testid="job-row"][data-job-name="Nightly patient export"]');
    expect(await row.getByTestId('job-schedule-words').textContent()).toBe('Every 15 minutes');
    await row.getByRole('button', { name: 'Run now' }).click();
    const runs = page.getByTestId('job-runs');
    const run = runs.getByTestId('run-row').first();
    await expect.poll(() => run.getByTestId('run-status').textContent(), eventually).toBe('succeeded');
    expect(await run.getByTestId('run-counts').textContent()).toBe('2 · 2 · 0 · 0 · 0');
    await expect.poll(() => row.getByTestId('run-status').textContent(), eventually).toBe('succeeded');
    await run.getByRole('button', { name: 'Logs & errors' }).click();
    const logs = runs.getByTestId('run-logs');
    await expect.poll(() => logs.textContent(), eventually).toContain('Patient: 2 resources written to NDJSON');
    await expect.poll(() => runs.getByTestId('run-errors').textContent(), eventually).toContain('None');
    // The "Created" and "run queued" notices close by themselves (their close buttons are Mantine's, unnamed).
    await expect.poll(() => page.locator('.mantine-Notification-root').count(), eventually).toBe(0);
    expect((await seriousViolations(page)).join('\n')).toBe('');
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.mouse.move(0, 0);
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'jobs.png'));
    }
  });
});
