import type { SignInEvent } from '../access/operator-sessions';
import type { TokenEvent } from '../access/token-route';
import type { AuditEventRecord } from './audit-log';

/** Pure: an audit entry for a token request at POST /oauth/token (issued or refused, never the secret). */
export function tokenAuditEvent(event: TokenEvent): AuditEventRecord {
  return {
    action: event.action,
    actor: { kind: 'api-client', id: event.actorId.slice(0, 64) },
    outcome: event.outcome === 'success' ? 'ok' : 'refused',
    remoteAddress: event.remoteAddress,
    ...(event.reason ? { errorCode: event.reason } : {}),
  };
}

/** Pure: an audit entry for a sign-in, a failed one (the name tried, so guessing shows) or a sign-out; never a password. */
export function signInAuditEvent(event: SignInEvent): AuditEventRecord {
  return {
    action: event.action,
    actor: event.operatorId ? { kind: 'operator', id: event.operatorId } : { kind: 'anonymous', id: 'anonymous' },
    outcome: event.action === 'sign-in-failed' ? 'refused' : 'ok',
    remoteAddress: event.remoteAddress,
    ...(event.action === 'sign-in-failed' && event.username ? { details: { username: event.username.slice(0, 64) } } : {}),
  };
}
