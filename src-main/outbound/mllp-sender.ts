import { MllpSenderSettings } from '../../src-shared';
import { AppError } from '../core/errors';
import { MllpClient } from '../mllp/client';
import { ackVerdict } from './ack-verdict';
import type { Destination, OutboundSend, OutboundSender, SendOutcome } from './sender';

interface Connection {
  version: number;
  client: MllpClient;
  busy: boolean;
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
 * The MLLP sender: persistent connections per destination (the listener's framing, mllp/client.ts),
 * kept open between messages and opened again after a drop or an edit of the connector. MLLP carries
 * one message at a time per connection, so lanes sending to one destination at once each borrow a
 * connection of its own (at most one per lane the drainer runs; one when the destination has one lane). Each message
 * waits for its ACK up to the connector's `ackTimeoutSeconds`; no ACK in time closes the connection
 * (a late ACK must never be taken for the next message's) and the item is retried. The ACK is judged
 * by ack-verdict.ts (MSA-2 must be the MSH-10 sent).
 */
export function createMllpSender(): OutboundSender {
  const pools = new Map<string, Connection[]>();

  /** An idle open connection of the destination's current version, else a new one; stale ones are dropped. */
  async function borrow(destination: Destination, ackTimeoutMs: number): Promise<Connection> {
    const pool = (pools.get(destination.id) ?? []).filter((c) => {
      const usable = c.busy || (c.client.open && c.version === destination.version);
      if (!usable) c.client.destroy();
      return usable;
    });
    pools.set(destination.id, pool);
    const idle = pool.find((c) => !c.busy);
    if (idle) {
      idle.busy = true;
      return idle;
    }
    const tls = tlsOf(destination);
    const client = await MllpClient.connect({ host: destination.host ?? '', port: destination.port ?? 0, timeoutMs: ackTimeoutMs, connectTimeoutMs: Math.min(ackTimeoutMs, 10_000), ...(tls ? { tls } : {}) });
    const connection = { version: destination.version, client, busy: true };
    pools.set(destination.id, [...(pools.get(destination.id) ?? []), connection]);
    return connection;
  }

  const drop = (destinationId: string, connection: Connection): void => {
    connection.client.destroy();
    pools.set(destinationId, (pools.get(destinationId) ?? []).filter((c) => c !== connection));
  };

  return {
    async send(item: OutboundSend, destination: Destination): Promise<SendOutcome> {
      if (item.payloadKind === 'fhir-bundle') return { outcome: 'dead', failure: { kind: 'unsupported', code: 'OUTBOUND_NO_SENDER', message: 'An MLLP destination takes HL7 v2, not a FHIR Bundle' } };
      const settings = MllpSenderSettings.parse(destination.settings);
      const ackTimeoutMs = settings.ackTimeoutSeconds * 1000;
      let connection: Connection;
      try {
        connection = await borrow(destination, ackTimeoutMs);
      } catch (error) {
        return unreachable(`Could not connect to ${destination.host}:${destination.port}: ${error instanceof Error ? (('code' in error && typeof error.code === 'string' ? error.code : error.message)) : 'unknown error'}`);
      }
      let ack: Buffer;
      try {
        ack = await connection.client.send(item.payload);
        connection.busy = false;
      } catch (error) {
        drop(destination.id, connection);
        if (error instanceof AppError && error.code === 'MLLP_ACK_TIMEOUT') {
          return { outcome: 'retry', offline: true, failure: { kind: 'unavailable', code: 'OUTBOUND_ACK_TIMEOUT', message: `No ACK within ${settings.ackTimeoutSeconds} s; the connection is closed and the message will be sent again` } };
        }
        return unreachable(`The connection to ${destination.host}:${destination.port} failed while waiting for the ACK`);
      }
      return ackVerdict(ack, item.controlId, settings.onApplicationError);
    },
    async close() {
      const open = [...pools.values()].flat();
      pools.clear();
      for (const c of open) c.client.destroy();
    },
  };
}
