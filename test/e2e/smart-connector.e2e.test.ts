import { describe, expect, it } from 'vitest';
import { eventually, postApi, useConsoleSession } from './console-session';

describe('a SMART Backend Services connector in the console', () => {
  const session = useConsoleSession();

  it('shows the public JWKS the engine serves without credentials, and replaces the key pair on Generate key pair', async () => {
    const { url } = session.engine;
    const name = 'Epic (SMART)';
    const created = await postApi<{ id: string; authConfig: Record<string, string> }>(url, 'api/v1/connectors', { name, protocol: 'fhir-rest', direction: 'outbound', host: 'fhir.example.org', port: 443, tlsEnabled: true, authMode: 'smart-backend', authConfig: { clientId: 'engine-app', scope: 'system/Patient.rs' } });
    const served = async () => (await (await fetch(new URL(`.well-known/jwks/${created.id}.json`, url))).json()) as { keys: { kid: string; d?: string }[] };
    const first = await served();
    expect(first.keys[0]?.kid).toBe(created.authConfig.keyId);
    expect(first.keys[0]?.d).toBeUndefined();

    const page = await session.open('connectors');
    await page.locator(`[data-testid="connector-row"][data-connector-name="${name}"]`).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit connector/ });
    await expect.poll(() => dialog.getByTestId('smart-jwks').textContent(), eventually).toContain(created.authConfig.keyId);
    expect(await dialog.getByText('BEGIN PRIVATE KEY').count()).toBe(0);

    await dialog.getByTestId('smart-generate').click();
    await dialog.getByTestId('smart-generate-confirm').click();
    await expect.poll(async () => (await served()).keys[0]?.kid, eventually).not.toBe(created.authConfig.keyId);
    const replaced = (await served()).keys[0]?.kid ?? '';
    await expect.poll(() => page.getByRole('dialog', { name: /^Edit connector/ }).getByTestId('smart-jwks').textContent(), eventually).toContain(replaced);
  }, 60_000);
});
