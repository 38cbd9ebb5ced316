import { createHash, randomBytes } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { OperatorRole, SessionInfo } from '../../src-shared';
import type { Clock } from '../core/clock';
import type { Principal } from '../core/request-context';
import type { Authenticator } from '../api/http-auth';
import type { Refusal } from '../api/http-guard';
import type { OperatorRow, OperatorsRepo } from '../store/operators-repo';
import { scopesOfRole } from './operator-roles';
import { passwordMatches, spendVerification } from './password-hashing';
import type { SignInThrottle } from './sign-in-throttle';

export const SESSION_COOKIE = 'interop_session';

export interface SessionTimeouts {
  /** A session unused this long ends (sliding). Default 30 minutes. */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. Default 12 hours. */
  lifetimeMs: number;
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { idleMs: 30 * 60_000, lifetimeMs: 12 * 60 * 60_000 };

/** Last-seen is written at most this often, so a busy console does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

/** What the audit log is told about sign-ins: who and from where, never a password. */
export interface SignInEvent {
  action: 'sign-in' | 'sign-in-failed' | 'sign-out';
  operatorId?: string;
  username?: string;
  remoteAddress: string;
}

export type SignInOutcome =
  | { ok: true; operator: OperatorRow; setCookie: string }
  | { ok: false; reason: 'failed' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

export interface OperatorSessions {
  signIn(username: string, password: string, remoteAddress: string, userAgent: string | undefined): Promise<SignInOutcome>;
  signOut(cookieHeader: string | undefined, remoteAddress: string): void;
  /** Reads the `interop_session` cookie; a refusal (which clears the cookie) when it names no live session. */
  authenticator: Authenticator;
  describe(principal: Principal): SessionInfo;
}

/** An operator acts in every tenant with the scopes of their role as it is now. */
export const operatorPrincipal = (operator: OperatorRow): Principal => ({ kind: 'operator', id: operator.id, scopes: scopesOfRole(operator.role), tenantId: undefined });

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/*
 * Cookies are read and written with @fastify/cookie's parse and serialize, which work once the plugin is
 * registered on the server (it loads its parser then): the session routes register it, and the server
 * answers no request before they are.
 */

/** The session id from a Cookie header; undefined when there is none. */
export function sessionIdOf(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? fastifyCookie.parse(cookieHeader)[SESSION_COOKIE] || undefined : undefined;
}

/** The Set-Cookie value that gives the browser the session, or (no id) removes it. */
export function sessionCookie(sessionId: string | undefined, maxAgeSeconds: number, secure: boolean): string {
  return fastifyCookie.serialize(SESSION_COOKIE, sessionId ?? '', { path: '/', httpOnly: true, sameSite: 'strict', secure, maxAge: sessionId === undefined ? 0 : maxAgeSeconds });
}

/**
 * Operators' sessions. The cookie holds a random 256-bit id; the store keeps only its SHA-256, so a copy of
 * the database signs no one in. Scopes come from the operator's role as it is now, and a disabled or
 * deleted operator's session stops working at once.
 */
export function createOperatorSessions(deps: {
  repo: OperatorsRepo;
  throttle: SignInThrottle;
  clock: Clock;
  timeouts?: Partial<SessionTimeouts> | undefined;
  /** TLS is on: the cookie is marked Secure. */
  secure: boolean;
  onSignInEvent?: ((event: SignInEvent) => void) | undefined;
}): OperatorSessions {
  const { repo, clock, throttle } = deps;
  const timeouts = { ...DEFAULT_SESSION_TIMEOUTS, ...deps.timeouts };
  const emit = (event: SignInEvent) => deps.onSignInEvent?.(event);
  const sessionEnded = (): Refusal => ({ status: 401, code: 'INTEROP_UNAUTHORIZED', message: 'The session has ended; sign in again', headers: { 'set-cookie': sessionCookie(undefined, 0, deps.secure) } });

  const live = (idHash: string, now: number) => {
    const found = repo.findSession(idHash);
    if (!found) return undefined;
    const { session, operator } = found;
    if (operator.disabled || now >= session.expiresAt || now - session.lastSeenAt >= timeouts.idleMs) {
      repo.deleteSession(idHash);
      return undefined;
    }
    return found;
  };

  return {
    async signIn(rawUsername, password, remoteAddress, userAgent) {
      const username = rawUsername.trim().toLowerCase();
      const retryAfterMs = throttle.waitMs(username, remoteAddress, clock.now());
      if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
      const operator = repo.findByUsername(username);
      const matches = operator ? await passwordMatches(operator.passwordHash, password) : (await spendVerification(password), false);
      if (!operator || !matches || operator.disabled) {
        throttle.failed(username, remoteAddress, clock.now());
        emit({ action: 'sign-in-failed', ...(operator ? { operatorId: operator.id } : {}), username, remoteAddress });
        return { ok: false, reason: 'failed' };
      }
      throttle.succeeded(username);
      const sessionId = randomBytes(32).toString('base64url');
      const now = clock.now();
      repo.transact(() => {
        repo.deleteExpiredSessions(now, now - timeouts.idleMs);
        repo.insertSession({ idHash: sha256(sessionId), operatorId: operator.id, createdAt: now, lastSeenAt: now, expiresAt: now + timeouts.lifetimeMs, remoteAddress, userAgent: userAgent?.slice(0, 300) ?? null });
        repo.markSignedIn(operator.id, now);
      });
      emit({ action: 'sign-in', operatorId: operator.id, username, remoteAddress });
      return { ok: true, operator, setCookie: sessionCookie(sessionId, Math.floor(timeouts.lifetimeMs / 1000), deps.secure) };
    },
    signOut(cookieHeader, remoteAddress) {
      const sessionId = sessionIdOf(cookieHeader);
      if (sessionId === undefined) return;
      const found = repo.findSession(sha256(sessionId));
      repo.deleteSession(sha256(sessionId));
      if (found) emit({ action: 'sign-out', operatorId: found.operator.id, username: found.operator.username, remoteAddress });
    },
    async authenticator(credentials) {
      const sessionId = sessionIdOf(credentials.cookie);
      if (sessionId === undefined) return undefined;
      const idHash = sha256(sessionId);
      const now = clock.now();
      const found = live(idHash, now);
      if (!found) return sessionEnded();
      if (now - found.session.lastSeenAt >= TOUCH_EVERY_MS) repo.touchSession(idHash, now);
      return operatorPrincipal(found.operator);
    },
    describe(principal) {
      const operator = principal.kind === 'operator' ? repo.findById(principal.id) : undefined;
      return {
        kind: principal.kind,
        scopes: [...principal.scopes],
        operator: operator ? { id: operator.id, username: operator.username, displayName: operator.displayName, role: operator.role as OperatorRole } : null,
      };
    },
  };
}
