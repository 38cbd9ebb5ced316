import { MllpSenderSettings } from '../../src-shared';
import { MllpClient, MllpClientError } from '../mllp/client';
import { ackVerdict } from './ack-verdict';
import type { Destination, OutboundSend, OutboundSender, SendOutcome } from './sender';

interface Connection {
  version: number;
  client: MllpClient;
}

/** TLS trust and identity from the connector: a private CA to trust, and with client-cert auth its own certificate and key. */
function tlsOf(destination: Destination): { ca?: string; cert?: string; key?: string; rejectUnauthorized: true } | undefined {
  if (!destination.tlsEnabled) return undefined;
  const auth = destination.auth ?? {};
  const clientCert = destination.authMode === 'client-cert' && auth.certificate && auth.privateKey ? { cert: auth.certificate, key: auth.privateKey } : {};
  return { ...(auth.caCertificate ? { ca: auth.caCertificate } : {}), ...clientCert, rejectUnauthorized: true };
}

const unreachable = (message: string): SendOutcome => ({ outcome: 'retry', offline: true, failure: { kind: 'unavailable', code: 'OUTBOUND_CONNECT_FAILED', message } });

/**
 * The MLLP sender: one persistent connection per destination (the listener's framing, mllp/client.ts),
 * kept open between messages and opened again after a drop or an edit of the connector. Each message
 * waits for its ACK up to the connector's `ackTimeoutSeconds`; no ACK in time closes the connection
 * (a late ACK must never be taken for the next message's) and the item is retried. The ACK is judged
 * by ack-verdict.ts (MSA-2 must be the MSH-10 sent).
 */
export function createMllpSender(): OutboundSender {
  const connections = new Map<string, Connection>();

  async function connectionFor(destination: Destination, ackTimeoutMs: number): Promise<MllpClient> {
    const kept = connections.get(destination.id);
    if (kept && kept.client.open && kept.version === destination.version) return kept.client;
    kept?.client.destroy();
    connections.delete(destination.id);
    const tls = tlsOf(destination);
    const client = await MllpClient.connect({ host: destination.host ?? '', port: destination.port ?? 0, timeoutMs: ackTimeoutMs, connectTimeoutMs: Math.min(ackTimeoutMs, 10_000), ...(tls ? { tls } : {}) });
    connections.set(destination.id, { version: destination.version, client });
    return client;
  }

  return {
    async send(item: OutboundSend, destination: Destination): Promise<SendOutcome> {
      if (item.payloadKind === 'fhir-bundle') return { outcome: 'dead', failure: { kind: 'unsupported', code: 'OUTBOUND_NO_SENDER', message: 'An MLLP destination takes HL7 v2, not a FHIR Bundle' } };
      const settings = MllpSenderSettings.parse(destination.settings);
      const ackTimeoutMs = settings.ackTimeoutSeconds * 1000;
      let client: MllpClient;
      try {
        client = await connectionFor(destination, ackTimeoutMs);
      } catch (error) {
        return unreachable(`Could not connect to ${destination.host}:${destination.port}: ${error instanceof Error ? (('code' in error && typeof error.code === 'string' ? error.code : error.message)) : 'unknown error'}`);
      }
      let ack: Buffer;
      try {
        ack = await client.send(item.payload);
      } catch (error) {
        client.destroy();
        connections.delete(destination.id);
        if (error instanceof MllpClientError && error.code === 'MLLP_ACK_TIMEOUT') {
          return { outcome: 'retry', offline: true, failure: { kind: 'unavailable', code: 'OUTBOUND_ACK_TIMEOUT', message: `No ACK within ${settings.ackTimeoutSeconds} s; the connection is closed and the message will be sent again` } };
        }
        return unreachable(`The connection to ${destination.host}:${destination.port} failed while waiting for the ACK`);
      }
      return ackVerdict(ack, item.controlId, settings.onApplicationError);
    },
    async close() {
      const open = [...connections.values()];
      connections.clear();
      for (const c of open) c.client.destroy();
    },
  };
}
