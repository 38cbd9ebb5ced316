import { describe, expect, it } from 'vitest';
import { ackCodeOf, activeMllpInbound, corpusMessage, sendOverMllp } from '../support/mllp-feed';
import { eventuallyMapped as eventually, findMessage, useConsoleSession } from './console-session';

const ORU = 'msfc_LAB-ORU-1.hl7'; // control id 182

describe('HL7 v2 → FHIR in the console', () => {
  const session = useConsoleSession();

  it('shows the Observation a corpus ORU sent over MLLP became in its Linked FHIR resources tab, and leads from it back to the message', async () => {
    const { port } = await activeMllpInbound(session.engine.url, 'Lab results');
    expect((await sendOverMllp(port, [corpusMessage(ORU)])).map(ackCodeOf)).toEqual(['AA']);
    const found = () => findMessage(session.engine.url, '182');
    await expect.poll(async () => (await found())?.status, eventually).toBe('processed');
    const messageId = (await found())?.id as string;

    const page = await session.open(`messages/${messageId}`);
    await page.getByTestId('message-detail').waitFor();
    await page.getByRole('tab', { name: /Linked FHIR resources/ }).click();
    const observation = page.locator('[data-testid="link"][data-resource^="Observation/"]').first();
    await observation.waitFor(eventually);
    expect(await observation.getByText('created').count()).toBe(1);
    await page.getByRole('tab', { name: /Attempts/ }).click();
    expect(await page.getByTestId('attempt-profile').first().textContent()).toMatch(/^Profile .+ v\d+$/);

    await page.getByRole('tab', { name: /Linked FHIR resources/ }).click();
    const resource = (await observation.getAttribute('data-resource')) as string;
    await observation.getByRole('link').click();
    await page.locator(`[data-testid="fhir-resource"][data-resource="${resource}"]`).waitFor(eventually);
    expect(page.url()).toContain(`#/fhir/${resource}`);
    const source = page.getByTestId('fhir-source-message');
    expect(await source.getAttribute('href')).toBe(`#/messages/${messageId}`);
    await source.click();
    await page.locator(`[data-testid="message-detail"][data-message-id="${messageId}"]`).waitFor(eventually);
    await page.close();
  });
});
