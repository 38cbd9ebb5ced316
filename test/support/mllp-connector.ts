import type { Connector } from '../../src-shared';
import type { Engine } from '../../src-main/bootstrap';
import { freePort } from './free-port';

/** Creates and activates an inbound MLLP connector on a port the OS picks; resolves with it and its port. */
export async function activeMllpConnector(engine: Engine, settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<{ connector: Connector; port: number }> {
  const ctx = { tenantId: engine.tenantId, actor: 'test' };
  const port = await freePort();
  const created = await engine.dispatcher.dispatch('connectors.create', { name: `MLLP ${port}`, protocol: 'mllp', direction: 'inbound', host: '127.0.0.1', port, settings, ...extra }, ctx);
  if (!created.ok) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  const id = (created.value as Connector).id;
  const activated = await engine.dispatcher.dispatch('connectors.activate', { id }, ctx);
  if (!activated.ok) throw new Error(`activate failed: ${JSON.stringify(activated.error)}`);
  const connector = activated.value as Connector;
  if (connector.lastError) throw new Error(`listener did not start: ${connector.lastError}`);
  return { connector, port };
}

export const msaOf = (ack: Buffer | string): string[] => {
  const line = ack.toString().split(/\r\n|\r|\n/).find((l) => l.startsWith('MSA')) ?? '';
  return line.split('|');
};

export const errOf = (ack: Buffer | string): string | undefined => ack.toString().split(/\r\n|\r|\n/).find((l) => l.startsWith('ERR'));
