import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MllpClient } from '../../src-main/mllp/client';
import { freePort } from './free-port';

/** The shared HL7 v2 corpus, real messages from public sources. */
export const HL7_CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/hl7v2');

export const corpusMessage = (name: string): string => readFileSync(join(HL7_CORPUS, name), 'utf8');

async function postJson<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(path, baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Creates an inbound MLLP connector on a free loopback port through the REST API and activates it. */
export async function activeMllpInbound(baseUrl: string, name: string): Promise<{ id: string; port: number }> {
  const port = await freePort();
  const { id } = await postJson<{ id: string }>(baseUrl, 'api/v1/connectors', { name, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port });
  const activated = await postJson<{ lastError: string | null }>(baseUrl, `api/v1/connectors/${id}/activate`, {});
  if (activated.lastError) throw new Error(`listener did not start: ${activated.lastError}`);
  return { id, port };
}

/** Sends the messages in order on one connection, each after the previous ACK; resolves with the ACKs. */
export async function sendOverMllp(port: number, messages: readonly string[]): Promise<string[]> {
  const client = await MllpClient.connect({ host: '127.0.0.1', port, timeoutMs: 10_000 });
  try {
    const acks: string[] = [];
    for (const message of messages) acks.push((await client.send(message)).toString('utf8'));
    return acks;
  } finally {
    await client.close();
  }
}

/** MSA-1 of an ACK. */
export const ackCodeOf = (ack: string): string | undefined =>
  ack
    .split(/\r\n|\r|\n/)
    .find((line) => line.startsWith('MSA'))
    ?.split('|')[1];
