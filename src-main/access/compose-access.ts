import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock';
import type { ChangeFeed } from '../core/change-events';
import type { IdGenerator } from '../core/ids';
import type { Store } from '../store/open-store';
import { createOperatorsRepo } from '../store/operators-repo';
import { createTransact } from '../store/transact';
import { createOperatorService, type OperatorService } from './operator-service';
import { createOperatorSessions, type OperatorSessions, type SessionTimeouts, type SignInEvent } from './operator-sessions';
import { registerSessionRoutes } from './session-routes';
import { createSignInThrottle } from './sign-in-throttle';

export interface AccessConfig {
  /** Idle and absolute session timeouts (defaults: 30 minutes, 12 hours). */
  sessionTimeouts?: Partial<SessionTimeouts> | undefined;
  /** Sign-ins, failed sign-ins and sign-outs, for the audit log. */
  onSignInEvent?: ((event: SignInEvent) => void) | undefined;
}

export interface AccessParts {
  operators: OperatorService;
  sessions: OperatorSessions;
  /** The session routes on the HTTP server; `secure` when it serves TLS. */
  routes(app: FastifyInstance): Promise<void>;
}

/** Operator accounts and their sessions, built from the store. */
export function composeAccess(deps: { store: Store; ids: IdGenerator; clock: Clock; changes: ChangeFeed; secure: boolean; config: AccessConfig }): AccessParts {
  const repo = createOperatorsRepo(deps.store.db, createTransact(deps.store.sqlite));
  const operators = createOperatorService({ repo, ids: deps.ids, clock: deps.clock, changes: deps.changes });
  const sessions = createOperatorSessions({ repo, throttle: createSignInThrottle(), clock: deps.clock, timeouts: deps.config.sessionTimeouts, secure: deps.secure, onSignInEvent: deps.config.onSignInEvent });
  return { operators, sessions, routes: (app) => registerSessionRoutes(app, sessions, { secure: deps.secure, operatorsExist: operators.any }) };
}
