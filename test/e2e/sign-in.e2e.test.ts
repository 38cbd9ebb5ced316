import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { postApi, useConsoleSession } from './console-session';

const ADMIN = { username: 'grace', displayName: 'Grace Admin', role: 'admin', password: 'grace-signs-in-here' };

describe('console sign-in on an engine with an access token and an admin operator', () => {
  const token = randomUUID();
  const session = useConsoleSession(['--token', token]);
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await postApi(session.engine.url, 'api/v1/operators', ADMIN, token);
    // axe is injected as a script of its own, which the console's CSP would refuse.
    context = await session.browser.newContext({ viewport: { width: 1360, height: 820 }, bypassCSP: true });
    page = await context.newPage();
  });
  afterAll(() => context?.close());

  const expectAccessible = async (view: string) => expect(await seriousViolations(page), view).toEqual([]);

  it('shows the sign-in screen, signs in, returns to the page it was on, and signs out again', async () => {
    await page.goto(`${session.engine.url}#/dashboard`);
    const signIn = page.getByRole('dialog', { name: 'Sign in' });
    await signIn.waitFor();
    await expectAccessible('sign-in screen');

    await signIn.getByLabel(/^Username/).fill(ADMIN.username);
    await signIn.getByLabel(/^Password/).fill('not-the-right-password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => signIn.getByRole('alert').textContent()).toBe('The username or password is not right.');

    await signIn.getByLabel(/^Password/).fill(ADMIN.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByTestId('connector-tile').or(page.getByText(/no connectors/i)).first().waitFor();
    const menu = page.getByTestId('session-menu');
    await expect.poll(() => menu.textContent()).toBe(ADMIN.displayName);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'interop_session', httpOnly: true, sameSite: 'Strict', secure: false });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await menu.click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn.waitFor();
    expect(await context.cookies()).toEqual([]);
    expect((await page.request.get(`${session.engine.url}api/v1/connectors`)).status()).toBe(401);
  });

  it('lets an admin add an operator, change their role and disable them on the Operators page', async () => {
    const signIn = page.getByRole('dialog', { name: 'Sign in' });
    await page.goto(`${session.engine.url}#/operators`);
    await signIn.waitFor();
    await signIn.getByLabel(/^Username/).fill(ADMIN.username);
    await signIn.getByLabel(/^Password/).fill(ADMIN.password);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operators-table').waitFor();
    await signIn.waitFor({ state: 'hidden' });
    await expectAccessible('Operators page');

    await page.getByRole('button', { name: 'New operator' }).click();
    const form = page.getByRole('dialog', { name: 'New operator' });
    await form.getByLabel(/^Username/).fill('vic');
    await form.getByLabel(/^Name/).fill('Vic Viewer');
    await form.getByLabel(/^Password/).fill('vic');
    await form.getByRole('button', { name: 'Create operator' }).click();
    await expect.poll(() => form.getByText('at least 12 characters', { exact: false }).count()).toBeGreaterThan(0);
    await expectAccessible('new operator form with an error');
    await form.getByLabel(/^Password/).fill('vic-long-passphrase');
    await form.getByRole('button', { name: 'Create operator' }).click();
    const row = page.getByTestId('operator-vic');
    await row.waitFor();

    await row.getByLabel('Role of vic').click();
    await page.getByRole('option', { name: 'Operator' }).click();
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.textContent()).toContain('disabled');
    const vic = (await (await page.request.get(`${session.engine.url}api/v1/operators`)).json()).find((o: { username: string }) => o.username === 'vic');
    expect(vic).toMatchObject({ role: 'operator', disabled: true });
  });
});
