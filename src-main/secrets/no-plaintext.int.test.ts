import { readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port';
import { activeMllpInbound, ackCodeOf, corpusMessage, sendOverMllp } from '../../test/support/mllp-feed';
import { startTempEngine, type TempEngine } from '../../test/support/temp-engine';
import { WebhookReceiver } from '../../test/support/webhook-receiver';
import { DATABASE_FILE } from '../bootstrap';
import { createLogger } from '../core/logger';
import { INTAKE_JOURNAL_FILE } from '../store/intake-journal';

const ORU = corpusMessage('msfc_LAB-ORU-1.hl7'); // PID-3 10006579, PID-5 DUCK^DONALD^D
const PHI = ['DUCK', 'DONALD', '10006579'];
const SECRETS = {
  basicPassword: 'Basic-pw-7f3a9c2e51d4b8a6',
  oauthClientSecret: 'Oauth-client-secret-9b8d7e6f5a4c',
  apiKey: 'Api-key-value-1e2d3c4b5a69788f',
  webhookSecret: 'Webhook-signing-secret-4c3b2a19f0e8',
};
const secretValues = Object.values(SECRETS);

const filesOf = (dataDir: string): string[] => [DATABASE_FILE, `${DATABASE_FILE}-wal`, INTAKE_JOURNAL_FILE, `${INTAKE_JOURNAL_FILE}-wal`].map((name) => join(dataDir, name)).filter((path) => existsSync(path));

/** Each secret found as plaintext in a store file, as `file: secret name`. */
function plaintextIn(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const [name, value] of Object.entries(SECRETS)) if (bytes.includes(Buffer.from(value, 'utf8'))) found.push(`${file}: ${name}`);
  }
  return found;
}

describe('no secret or PHI in plaintext', () => {
  const logLines: string[] = [];
  const answers: string[] = [];
  let engine: TempEngine;
  let dataDir: string;
  const receiver = new WebhookReceiver(SECRETS.webhookSecret);

  /** A call to the REST API; every answer body is kept for the checks below. */
  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${engine.url}api/v1${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const text = await response.text();
    answers.push(`${method} ${path} → ${response.status}: ${text}`);
    return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
  }
  const idOf = (answer: { json: unknown }): string => (answer.json as { id: string }).id;

  beforeAll(async () => {
    await receiver.start();
    engine = await startTempEngine({ logger: createLogger('debug', (line) => logLines.push(line)) });
    dataDir = engine.dataDir;
    const closedPorts = [await freePort(), await freePort(), await freePort()];
    const sender = (name: string, port: number, authMode: string, authConfig: Record<string, string>) => call('POST', '/connectors', { name, protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port, authMode, authConfig });
    const basic = await sender('Basic FHIR out', closedPorts[0]!, 'basic', { username: 'interface', password: SECRETS.basicPassword });
    const oauth = await sender('OAuth FHIR out', closedPorts[1]!, 'oauth2', { tokenUrl: `http://127.0.0.1:${closedPorts[1]!}/token`, clientId: 'interop', clientSecret: SECRETS.oauthClientSecret });
    const apiKey = await sender('API key FHIR out', closedPorts[2]!, 'api-key', { apiKey: SECRETS.apiKey });
    const senders = [basic, oauth, apiKey];
    for (const made of senders) expect(made.status).toBe(201);
    const subscription = await call('POST', '/event-subscriptions', { name: 'All messages', eventTypes: ['Hl7MessageReceived', 'Hl7MessageProcessed'], url: receiver.url, secret: SECRETS.webhookSecret, status: 'active' });
    expect(subscription.status).toBe(201);

    const inbound = await activeMllpInbound(`${engine.url}`, 'Lab in');
    // Each sender gets the message, and each delivery fails at its peer (connection refused, no token).
    for (const made of senders) {
      expect((await call('POST', `/connectors/${idOf(made)}/activate`, {})).status).toBe(200);
      expect((await call('POST', '/outbound-routes', { name: `Lab to ${idOf(made)}`, sourceConnectorId: inbound.id, destinationConnectorId: idOf(made), filter: { messageTypes: ['ORU^*'] }, payload: { kind: 'fhir-bundle' } })).status).toBe(201);
    }
    const [ack] = await sendOverMllp(inbound.port, [ORU]);
    expect(ackCodeOf(ack!)).toBe('AA');
    // Not HL7: refused with AR, and its text is never logged.
    await sendOverMllp(inbound.port, ['PID|1||10006579^^^HOSP^MR||DUCK^DONALD^D']).catch(() => undefined);

    // Reads, checks that fail at the peer, and refusals that could echo what was sent.
    for (const made of senders) {
      await call('GET', `/connectors/${idOf(made)}`);
      await call('POST', `/connectors/${idOf(made)}/test`, {});
    }
    await call('GET', '/connectors');
    await call('GET', `/event-subscriptions/${idOf(subscription)}`);
    await call('GET', '/event-subscriptions');
    await call('PATCH', `/connectors/${idOf(basic)}`, { version: 99, authConfig: { username: 'interface', password: SECRETS.basicPassword } });
    await call('POST', '/connectors', { name: 'Broken', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: 'not a port', authMode: 'basic', authConfig: { password: SECRETS.basicPassword } });
    await call('POST', '/connectors', { name: 'No token URL', protocol: 'fhir-rest', direction: 'outbound', host: '127.0.0.1', port: closedPorts[0], authMode: 'oauth2', authConfig: { clientSecret: SECRETS.oauthClientSecret } });
    await call('POST', '/event-subscriptions', { name: 'Bad', eventTypes: ['NoSuchEvent'], url: 'not a url', secret: SECRETS.webhookSecret, status: 'active' });

    let messages: { data: { id: string; status: string }[] } = { data: [] };
    for (let tries = 0; tries < 300 && !messages.data.some((m) => m.status === 'processed' || m.status === 'failed'); tries++) {
      messages = (await call('GET', '/hl7-messages')).json as typeof messages;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const message = messages.data.find((m) => m.status === 'processed' || m.status === 'failed');
    await call('GET', `/hl7-messages/${message!.id}`);
    await call('POST', `/hl7-messages/${message!.id}/reprocess`, {});
    await call('GET', '/hl7-messages?q=DUCK');
    let failedAttempts = 0;
    for (let tries = 0; tries < 300 && (receiver.requests.length === 0 || failedAttempts < senders.length); tries++) {
      const lanes = (await call('GET', '/outbound/lanes')).json as { data: { lastErrorCode: string | null }[] };
      failedAttempts = lanes.data.filter((lane) => lane.lastErrorCode !== null).length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(failedAttempts).toBe(senders.length);
    await call('GET', '/outbound/items');
    expect(receiver.requests.length).toBeGreaterThan(0);
  }, 60_000);

  afterAll(async () => {
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await receiver.stop();
  });

  it('never answers a secret in an API response body, also not in refusals', () => {
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((answer) => secretValues.some((secret) => answer.includes(secret)))).toEqual([]);
  });

  it('never writes a secret, the patient name or the patient identifier to the log', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((line) => [...secretValues, ...PHI].some((value) => line.includes(value)))).toEqual([]);
  });

  it('keeps no secret as plaintext in the SQLite files, neither in the WAL before a checkpoint nor in the databases after it', async () => {
    const before = filesOf(dataDir);
    expect(before.some((file) => file.endsWith('-wal'))).toBe(true);
    expect(plaintextIn(before)).toEqual([]);
    // Stopping checkpoints and closes both databases: everything the WAL held is in the database files now.
    await engine.stop();
    const after = filesOf(dataDir);
    expect(after).toContain(join(dataDir, DATABASE_FILE));
    expect(plaintextIn(after)).toEqual([]);
  });
});
