import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openConsole, screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';
import { eventually, useConsoleSession, withEngine } from './console-session';

const ADT = 'msfc_ADT-A01-01.hl7'; // control id MSG00001
const ORU = 'msfc_LAB-ORU-1.hl7'; // control id 182, patient DUCK^DONALD
const MALFORMED = 'malformed/cdcdex_Genv1_junk_before_MSH.hl7'; // text before MSH: AR, control id 123451

const rows = (page: Page): Locator => page.getByTestId('message-row');
const rowOf = (page: Page, controlId: string): Locator => page.locator(`[data-testid="message-row"][data-control-id="${controlId}"]`);
const statusOf = (row: Locator) => row.getAttribute('data-status');
const notification = (page: Page, text: string): Locator => page.locator('.mantine-Notification-root', { hasText: text });
const statusFilter = (page: Page): Locator => page.getByTestId('message-filters').getByLabel('Status', { exact: true });
/** In the log's toolbar, or in its empty state when nothing matches: never both. */
const clearFilters = (page: Page): Promise<void> => page.getByRole('button', { name: 'Clear filters' }).click();

async function statusesByControlId(page: Page): Promise<Record<string, string | null>> {
  const entries = await rows(page).evaluateAll((elements) => elements.map((e) => [e.getAttribute('data-control-id'), e.getAttribute('data-status')]));
  return Object.fromEntries(entries);
}

/** The topmost row fully below the log's column headings: its control id and where it sits on screen. */
function firstRowInView(page: Page): Promise<{ controlId: string | null; top: number } | null> {
  return page.getByTestId('messages-log').evaluate((log) => {
    const headingsEnd = log.getBoundingClientRect().top + 30;
    const row = Array.from(log.querySelectorAll('[data-testid="message-row"]')).find((r) => r.getBoundingClientRect().top >= headingsEnd - 1);
    return row ? { controlId: row.getAttribute('data-control-id'), top: Math.round(row.getBoundingClientRect().top) } : null;
  });
}

async function openMessages(browser: Browser, url: string, query = ''): Promise<Page> {
  const page = await openConsole(browser, url, `messages${query}`);
  await page.getByTestId('messages-log').or(page.getByTestId('messages-empty')).waitFor();
  return page;
}

async function chooseStatus(page: Page, status: string): Promise<void> {
  await statusFilter(page).click();
  await page.getByRole('option', { name: status, exact: true }).click();
}

describe('messages page', () => {
  const session = useConsoleSession();
  let port: number;

  it('explains where messages come from, then lists arrivals live with their statuses', async () => {
    const page = await openMessages(session.browser, session.engine.url);
    const empty = page.getByTestId('messages-empty');
    expect(await empty.textContent()).toContain('active inbound connector');
    expect(await empty.getByRole('link', { name: 'Go to Connectors' }).getAttribute('href')).toBe('#/connectors');

    ({ port } = await activeMllpInbound(session.engine.url, 'Ward ADT and lab feed'));
    const acks = await sendOverMllp(port, [ADT, ORU, MALFORMED].map(corpusMessage));
    expect(acks.map(ackCodeOf)).toEqual(['AA', 'AA', 'AR']);

    await expect.poll(() => statusesByControlId(page), eventually).toEqual({ MSG00001: 'processed', '182': 'processed', '123451': 'failed' });
    expect(await page.getByTestId('messages-total').getAttribute('data-total')).toBe('3');
    // How many FHIR resources each made: a number for processed messages, a dash for the one refused at intake.
    const resources = (controlId: string) => rowOf(page, controlId).getByTestId('message-resources');
    await expect.poll(async () => Number(await resources('182').textContent()), eventually).toBeGreaterThan(1);
    expect(Number(await resources('MSG00001').textContent())).toBeGreaterThan(1);
    expect(await resources('182').getAttribute('title')).toMatch(/^\d+ FHIR resources created or updated by its last processing$/);
    expect(await resources('123451').textContent()).toBe('—');
    await page.close();
  });

  it('filters by status through the UI, keeps the filter in the address across a reload, and searches by control id', async () => {
    const page = await openMessages(session.browser, session.engine.url);
    await expect.poll(() => rows(page).count(), eventually).toBe(3);

    await chooseStatus(page, 'failed');
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    expect(await statusOf(rows(page).first())).toBe('failed');
    expect(page.url()).toContain('status=failed');

    await page.reload();
    await page.locator('[data-app-state="ready"]').waitFor();
    await rowOf(page, '123451').waitFor();
    expect(await rows(page).count()).toBe(1);
    expect(await statusFilter(page).inputValue()).toBe('failed');

    await clearFilters(page);
    await expect.poll(() => rows(page).count(), eventually).toBe(3);
    await page.getByRole('textbox', { name: 'Search messages' }).fill('MSG00001');
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    expect(await rows(page).first().getAttribute('data-control-id')).toBe('MSG00001');
    expect(page.url()).toContain('q=MSG00001');
    await page.close();
  });

  it('shows the ORU’s raw segments, named fields and ACK, and a double-clicked Reprocess adds one attempt', async () => {
    const page = await openMessages(session.browser, session.engine.url);
    await rowOf(page, '182').click();
    const detail = page.getByTestId('message-detail');
    await detail.waitFor();
    expect(page.url()).toMatch(/#\/messages\/MSG_[0-9A-Z]{26}$/);

    const raw = await detail.getByTestId('raw-message').textContent();
    const obxLines = corpusMessage(ORU).split(/\r\n|\r|\n/).filter((line) => line.startsWith('OBX'));
    expect(obxLines).toHaveLength(10);
    for (const line of obxLines) expect(raw).toContain(line);

    await detail.getByRole('tab', { name: 'Fields' }).click();
    const patientName = detail.locator('[data-testid="field-row"][data-path="PID-5"]');
    await patientName.waitFor();
    expect(await patientName.textContent()).toContain('Patient Name');
    await patientName.getByRole('button', { name: 'Expand PID-5' }).click();
    expect(await detail.locator('[data-testid="component-row"][data-path="PID-5.1"]').textContent()).toContain('DUCK');

    await detail.getByRole('tab', { name: /^ACK sent/ }).click();
    expect(await detail.getByTestId('ack-code').textContent()).toBe('AA');
    expect(await detail.getByTestId('raw-message').textContent()).toContain('MSA|AA|182');

    await detail.getByRole('tab', { name: /^Attempts/ }).click();
    const attempts = detail.getByTestId('attempt');
    expect(await attempts.count()).toBe(1);
    await detail.getByTestId('reprocess').dblclick();
    await notification(page, 'Queued attempt 2').waitFor();
    await expect.poll(() => attempts.count(), eventually).toBe(2);
    await expect.poll(() => attempts.nth(1).getAttribute('data-status'), eventually).toBe('succeeded');
    expect(await attempts.count()).toBe(2);
    await page.close();
  });

  it('opens a message from the keyboard and gives focus back to its row when the detail closes', async () => {
    const page = await openMessages(session.browser, session.engine.url);
    const row = rowOf(page, '182');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('message-detail-title').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('message-detail-title').waitFor({ state: 'detached' });
    await expect.poll(() => row.evaluate((element) => element === document.activeElement), eventually).toBe(true);
    await page.close();
  });

  it('copies the message with PHI masked and says so', async () => {
    const page = await openMessages(session.browser, session.engine.url);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(session.engine.url).origin });
    await rowOf(page, '182').click();
    await page.getByTestId('copy-masked').click();
    await notification(page, 'PHI masked').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('MSH|');
    expect(copied).toContain('PID|1||***');
    expect(copied).not.toContain('DUCK');
    await page.close();
  });

  it('leaves messages refused at intake out of a bulk reprocess and says why', async () => {
    const page = await openMessages(session.browser, session.engine.url, '?status=failed');
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    await page.getByRole('button', { name: 'Reprocess all matching…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprocess all matching messages' });
    await expect.poll(() => dialog.getByTestId('bulk-reprocess-count').getAttribute('data-count'), eventually).toBe('0');
    expect(await dialog.getByTestId('bulk-reprocess-refused').textContent()).toContain('1 matching message was refused when it arrived');
    expect(await dialog.getByRole('button', { name: 'Reprocess 0 messages' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await rowOf(page, '123451').click();
    expect(await page.getByTestId('reprocess').isDisabled()).toBe(true);
    await page.close();
  });

  it('reprocesses all matching messages after confirming their count, and asks again when the count moved', async () => {
    const page = await openMessages(session.browser, session.engine.url, '?type=ORU&status=processed');
    await expect.poll(() => rows(page).count(), eventually).toBe(1);
    await page.getByRole('button', { name: 'Reprocess all matching…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprocess all matching messages' });
    await expect.poll(() => dialog.getByTestId('bulk-reprocess-count').getAttribute('data-count'), eventually).toBe('1');

    const [ack] = await sendOverMllp(port, [corpusMessage(ORU).replace('|182|', '|ORU-2|')]);
    expect(ackCodeOf(ack ?? '')).toBe('AA');
    await expect.poll(() => statusOf(rowOf(page, 'ORU-2')), eventually).toBe('processed');
    await dialog.getByRole('button', { name: 'Reprocess 1 message' }).click();
    await dialog.getByTestId('bulk-reprocess-conflict').waitFor();
    expect(await dialog.getByTestId('bulk-reprocess-conflict').textContent()).toContain('2 messages match now');
    await expect.poll(() => dialog.getByTestId('bulk-reprocess-count').getAttribute('data-count'), eventually).toBe('2');

    await dialog.getByRole('button', { name: 'Reprocess 2 messages' }).click();
    await notification(page, 'Queued 2 messages for reprocessing').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await clearFilters(page);
    await expect.poll(() => statusesByControlId(page), eventually).toEqual({ MSG00001: 'processed', '182': 'processed', 'ORU-2': 'processed', '123451': 'failed' });
    expect(await page.getByTestId('messages-total').getAttribute('data-total')).toBe('4');
    await page.close();
  });

  it('keeps the rows being read in place while messages arrive above them, and counts the arrivals', async () => {
    const oru = corpusMessage(ORU);
    const withControlId = (id: string) => oru.replace('|182|', `|${id}|`);
    await sendOverMllp(port, Array.from({ length: 40 }, (_, i) => withControlId(`FILL-${i}`)));
    const page = await openMessages(session.browser, session.engine.url);
    await expect.poll(() => page.getByTestId('messages-total').getAttribute('data-total'), eventually).toBe('44');

    await page.getByTestId('messages-log').evaluate((log) => (log.scrollTop = 20 * 30));
    await expect.poll(() => firstRowInView(page), eventually).not.toBeNull();
    const reading = await firstRowInView(page);
    await sendOverMllp(port, ['NEW-1', 'NEW-2', 'NEW-3'].map(withControlId));
    await expect.poll(() => page.getByTestId('messages-arrived').textContent(), eventually).toBe('↑ 3 new');
    await expect.poll(() => firstRowInView(page), eventually).toEqual(reading);

    await page.getByTestId('messages-arrived').click();
    await expect.poll(async () => (await firstRowInView(page))?.controlId, eventually).toBe('NEW-3');
    expect(await page.getByTestId('messages-arrived').count()).toBe(0);
    await page.close();
  });

  it('marks a message whose control id the sender reused for different content, in the log, the detail and on the connector', async () => {
    // Real messages from one sender with one control id (MSG00019): an OML^O21 and an ORM^O01.
    const acks = await sendOverMllp(port, ['msfc_OML-O21-01.hl7', 'msfc_ORM-O01-02.hl7'].map(corpusMessage));
    expect(acks.map(ackCodeOf)).toEqual(['AA', 'AA']);
    const page = await openMessages(session.browser, session.engine.url, '?q=MSG00019');
    await expect.poll(() => rows(page).count(), eventually).toBe(2);
    const reused = rows(page).filter({ has: page.getByTestId('control-id-reused') });
    expect(await reused.count()).toBe(1);
    await reused.click();
    const title = page.getByTestId('message-detail-title');
    await title.getByTestId('control-id-reused').waitFor();
    expect(await title.textContent()).toContain('ORM^O01');
    await page.close();

    const connectors = await session.open('connectors');
    const count = connectors.getByTestId('connector-control-id-reused');
    await count.waitFor();
    expect(await count.textContent()).toContain('1 message with a reused control ID');
    await connectors.close();
  });

  it('shows who each message is about, finds them by PID-2 and PID-4 identifiers, keeps cut-off cells readable, times with their zone, and toasts clear of the drawer close', async () => {
    const oru = corpusMessage(ORU).replace('|182|', '|PATIENT-1|').replace(/^PID\|1\|\|/m, 'PID|1|ALT-PID2-77|').replace('10006579^^^1^MR^1||', '10006579^^^1^MR^1|ALT-PID4-88|');
    expect(oru).toContain('PID|1|ALT-PID2-77|10006579^^^1^MR^1|ALT-PID4-88|DUCK^DONALD');
    await sendOverMllp(port, [oru]);
    const page = await openMessages(session.browser, session.engine.url);
    const row = rowOf(page, 'PATIENT-1');
    await expect.poll(() => statusOf(row), eventually).toBe('processed');
    const patient = row.getByTestId('message-patient');
    expect(await patient.textContent()).toBe('DUCK DONALD · MRN 10006579');
    expect(await patient.getAttribute('title')).toBe('DUCK DONALD · MRN 10006579');
    expect(await page.getByRole('columnheader', { name: /^Received \(GMT/ }).count()).toBe(1);
    expect(await row.getByRole('cell').first().getAttribute('title')).toMatch(/GMT.*Z$/);

    // A narrow window cuts the patient cell off; its title still carries all of it.
    await page.setViewportSize({ width: 900, height: 700 });
    expect(await patient.evaluate((cell) => cell.scrollWidth > cell.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });

    const search = page.getByLabel('Search messages');
    for (const identifier of ['ALT-PID4-88', 'ALT-PID2-77']) {
      await search.fill(identifier);
      await expect.poll(async () => (await rows(page).evaluateAll((all) => all.map((r) => r.getAttribute('data-control-id')))).join(), eventually).toBe('PATIENT-1');
    }

    await row.click();
    const detail = page.getByTestId('message-detail');
    await detail.getByTestId('reprocess').click();
    await notification(page, 'Queued attempt').waitFor();
    const close = page.getByRole('button', { name: 'Close message' });
    const hit = await close.evaluate((button) => {
      const box = button.getBoundingClientRect();
      return button.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
    });
    expect(hit).toBe(true);
    await close.click({ timeout: 2_000 });
    await detail.waitFor({ state: 'detached' });
    expect(await notification(page, 'Queued attempt').count()).toBe(1);
    await page.close();
  });

  it.runIf(process.env.UPDATE_SCREENSHOTS === '1')('writes docs/screenshots/messages.png and message-detail.png', async () => {
    await withEngine(async (shot) => {
      const adt = await activeMllpInbound(shot.url, 'ADT feed from Riverside EHR');
      const lab = await activeMllpInbound(shot.url, 'Lab results from LIS');
      await sendOverMllp(adt.port, ['msfc_ADT-A01-01.hl7', 'msfc_ADT04-251.hl7', 'msfc_ADT04-23.hl7', 'msfc_ADT-A06-01.hl7', 'msfc_SIU-S12-01.hl7', 'msfc_MDM-T02-03.hl7', 'malformed/cdcdex_PHLIP_FLU_NO_MSH12.hl7', 'msfc_IZ_1_1.1_Admin_Child_Max_Message.hl7'].map(corpusMessage));
      await sendOverMllp(lab.port, ['msfc_ORM-O01-01.hl7', 'msfc_LAB-ORU-1.hl7', MALFORMED, 'msfc_ORU-R01-RMGEAD.hl7', 'msfc_LRI_2.0-NG_CBC_Typ_Message.hl7', 'cdcdex_COVID19_ELR_01.hl7'].map(corpusMessage));

      const page = await openMessages(session.browser, shot.url);
      await expect.poll(() => rows(page).count(), eventually).toBe(14);
      await expect.poll(async () => Object.values(await statusesByControlId(page)).filter((s) => s === 'processed').length, eventually).toBe(12);
      await page.mouse.move(0, 0);
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'messages.png'));

      await rowOf(page, '182').click();
      await page.getByTestId('message-detail').waitFor();
      await page.mouse.move(0, 0);
      await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'message-detail.png'));
      await page.close();
    });
  });
});
