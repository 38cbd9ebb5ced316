import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers one request: a status (and headers), after an optional delay. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface ReceivedRequest {
  path: string;
  eventId: string;
  eventType: string;
  body: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
  signatureValid: boolean;
}

/**
 * A receiver written only from the documented algorithm, not from the engine's signer:
 * `X-Interop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 */
export function verifySignature(secret: string, header: string | undefined, rawBody: string): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = parts.get('t');
  const v1 = parts.get('v1');
  if (!t || !v1 || !/^\d+$/.test(t)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

/**
 * A webhook receiver on 127.0.0.1 (port 0 at first): it verifies every signature, keeps every request, and
 * counts each event once by X-Interop-Event-Id (`accepted`, in arrival order). It can go down and come back on
 * the same port.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Event ids answered 2xx, first time only: what a deduplicating receiver keeps. */
  readonly accepted: string[] = [];
  port = 0;
  private server: Server | undefined;

  constructor(
    private readonly secret: string,
    private readonly answer: (request: ReceivedRequest, seen: number) => Answer = () => ({ status: 204 }),
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes down: refuses connections until `start` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const request: ReceivedRequest = {
      path: req.url ?? '',
      eventId: String(req.headers['x-interop-event-id'] ?? ''),
      eventType: String(req.headers['x-interop-event-type'] ?? ''),
      body: JSON.parse(raw) as ReceivedRequest['body'],
      signatureValid: verifySignature(this.secret, req.headers['x-interop-signature'] as string | undefined, raw),
    };
    const seen = this.requests.filter((r) => r.eventId === request.eventId).length;
    this.requests.push(request);
    const answer = request.signatureValid ? this.answer(request, seen) : { status: 401 };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.status >= 200 && answer.status < 300 && !this.accepted.includes(request.eventId)) this.accepted.push(request.eventId);
    if (!res.destroyed) res.writeHead(answer.status, answer.headers).end(answer.status === 204 ? undefined : 'receiver says hello');
  }
}
