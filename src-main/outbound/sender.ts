import type { ErrorKind } from '../core/errors';

/** A destination as a sender needs it: the outbound connector's (or a routing rule's upstream server's) address, TLS, decrypted auth and settings. */
export interface Destination {
  /** The connector's id, or the routing rule's for a queued upstream write. */
  id: string;
  protocol: string;
  host: string | null;
  port: number | null;
  tlsEnabled: boolean;
  authMode: string;
  auth: Readonly<Record<string, string>> | null;
  settings: Readonly<Record<string, unknown>>;
  /** The connector's version: a sender drops what it keeps open for a destination whose version changed (an edit). */
  version: number;
}

/** What a sender is given: the bytes fixed at enqueue, and the control id the answer must echo. */
export interface OutboundSend {
  itemId: string;
  tenantId: string;
  payloadKind: string;
  payload: Buffer;
  controlId: string | null;
  /** When the item was enqueued (epoch ms): what a sender stamps into what it writes, so a replay writes the same bytes. */
  createdAt: number;
}

/** Why an attempt did not deliver, with a stable code (src-shared/error-codes.ts). */
export interface SendFailure {
  kind: ErrorKind;
  code: string;
  message: string;
}

/**
 * How one attempt ended. `retry` schedules the next attempt with backoff; `dead` dead-letters the item.
 * `offline`: the destination could not be reached at all (no connection, no answer) — it shows as
 * offline, and such failures never dead-letter the item: the lane waits for the destination.
 */
export interface SendOutcome {
  outcome: 'delivered' | 'retry' | 'dead';
  ackCode?: string | undefined;
  failure?: SendFailure | undefined;
  offline?: boolean | undefined;
  /** The destination asked to be left alone this long (HTTP Retry-After): the next attempt waits at least this long. */
  retryAfterMs?: number | undefined;
}

/** One protocol's sender (MLLP, FHIR REST; SFTP plugs in the same way), keyed by the connector's protocol. */
export interface OutboundSender {
  send(item: OutboundSend, destination: Destination): Promise<SendOutcome>;
  /** Closes whatever the sender keeps open (connections), failing sends still waiting. */
  close(): Promise<void>;
}

export type SenderRegistry = Readonly<Record<string, OutboundSender>>;
