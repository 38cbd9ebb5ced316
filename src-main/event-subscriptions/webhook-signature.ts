import { createHmac } from 'node:crypto';

/**
 * `X-Interop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 with the subscription secret over "<t>.<raw body>">`.
 * The timestamp is signed with the body, so a receiver can refuse an old request replayed with its signature.
 */
export function webhookSignature(secret: string, rawBody: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}
