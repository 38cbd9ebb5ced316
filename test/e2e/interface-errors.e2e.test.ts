import { join } from 'node:path';
import { screenshot } from '../support/console-browser';
import { REPO_ROOT } from '../support/headless-process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { ackCodeOf, corpusMessage, sendOverMllp } from '../support/mllp-feed';
import { callApi, eventuallyMapped, postApi, useConsoleSession } from './console-session';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // PID-5.1 DUCK: not a number
const oru = (controlId: string): string => ORU.replace('|ORU^R01|182|', `|ORU^R01|${controlId}|`);
const badRule = { id: 'births', resource: 'patient', source: 'PID-5.1', target: 'multipleBirthInteger', transform: 'to_number' };

describe('the Interface errors page', () => {
  const session = useConsoleSession();

  it('shows a failing rule as one group with its count, opens its errors, and a confirmed group reprocess after the fix clears it', async () => {
    const { url } = session.engine;
    const profile = await postApi<{ id: string; version: number }>(url, 'api/v1/hl7-mapping-profiles', {
      name: 'Lab results, births rule',
      messageTypes: ['ORU^R01'],
      resources: [{ key: 'patient', resourceType: 'Patient', identity: { mode: 'update' } }],
      rules: [{ id: 'identifier', resource: 'patient', source: 'PID-3[*]', target: 'identifier[+]', transform: 'cx_to_identifier' }, badRule],
    });
    const port = await freePort();
    const connector = await postApi(url, 'api/v1/connectors', { name: 'Lab feed', protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port, settings: { mappingProfiles: { 'ORU^R01': profile.id } } });
    await postApi(url, `api/v1/connectors/${connector.id}/activate`, {});
    expect(new Set((await sendOverMllp(port, ['E2E-1', 'E2E-2', 'E2E-3', 'E2E-4', 'E2E-5'].map(oru))).map(ackCodeOf))).toEqual(new Set(['AA']));

    const page = await session.open('interface-errors');
    const group = page.getByTestId('error-group').filter({ hasText: 'rule births PID-5.1→multipleBirthInteger' });
    await expect.poll(() => group.getAttribute('data-count').catch(() => null), eventuallyMapped).toBe('5');
    expect(await group.textContent()).toContain('Lab feed');

    await group.getByRole('button', { name: /INTEROP_MAPPING_RULE_FAILED/ }).click();
    const errors = page.getByTestId('group-error');
    await expect.poll(() => errors.count()).toBe(5);
    const messageLink = errors.first().getByRole('link', { name: /^MSG_/ });
    expect(await messageLink.getAttribute('href')).toMatch(/#\/messages\/MSG_/);
    if (process.env.UPDATE_SCREENSHOTS === '1') await screenshot(page, join(REPO_ROOT, 'docs', 'screenshots', 'interface-errors.png'));

    await callApi(url, 'PUT', `api/v1/hl7-mapping-profiles/${profile.id}/rules/births`, { version: profile.version, rule: { ...badRule, target: 'name[0].family', transform: undefined } });
    await group.getByRole('button', { name: 'Reprocess…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reprocess 5 errors' });
    expect(await dialog.textContent()).toContain('rule births');
    await dialog.getByTestId('group-action-confirm').click();
    await page.getByTestId('error-groups-empty').waitFor();

    const messages = async () => (await callApi<{ data: { status: string; attemptCount: number }[] }>(url, 'GET', `api/v1/hl7-messages?connectorId=${connector.id}`)).data;
    await expect.poll(async () => (await messages()).map((m) => `${m.status}/${m.attemptCount}`), eventuallyMapped).toEqual(Array(5).fill('processed/2'));
    await page.getByLabel('Error status').getByText('Reprocessed', { exact: true }).click();
    await expect.poll(() => group.getAttribute('data-count').catch(() => null), eventuallyMapped).toBe('5');
    await page.close();
  }, 120_000);
});
