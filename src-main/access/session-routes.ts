import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ErrorBody } from '../core/errors';
import { SignInRequest } from '../../src-shared';
import type { OperatorSessions } from './operator-sessions';
import { operatorPrincipal, sessionCookie } from './operator-sessions';


const sendError = (reply: FastifyReply, status: number, error: ErrorBody) => reply.code(status).type('application/json').send({ error });

/**
 * /api/v1/session: sign in (public: it is how one gets credentials), say who is signed in, sign out.
 * Not operations: they set and clear the cookie, which only this transport has.
 */
export async function registerSessionRoutes(app: FastifyInstance, sessions: OperatorSessions, options: { secure: boolean; operatorsExist: () => boolean }): Promise<void> {
  const { secure } = options;
  // Parsing happens in the authenticators (http.ts), so the plugin's own hook is not needed.
  await app.register(fastifyCookie, { hook: false });
  app.post('/api/v1/session', { config: { access: 'public' } }, async (request, reply) => {
    const parsed = SignInRequest.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 422, { code: 'INTEROP_VALIDATION_FAILED', message: 'Send a username and a password' });
    const outcome = await sessions.signIn(parsed.data.username, parsed.data.password, request.ip, request.headers['user-agent']);
    if (outcome.ok) {
      reply.header('set-cookie', outcome.setCookie);
      return reply.code(200).send(sessions.describe(operatorPrincipal(outcome.operator)));
    }
    if (outcome.reason === 'throttled') {
      reply.header('retry-after', String(outcome.retryAfterSeconds));
      return sendError(reply, 429, { code: 'INTEROP_RATE_LIMITED', message: `Too many failed sign-ins; try again in ${outcome.retryAfterSeconds} seconds`, details: { retryAfterSeconds: outcome.retryAfterSeconds } });
    }
    // One answer whether the username exists or not, so it cannot be used to find accounts.
    return sendError(reply, 401, { code: 'INTEROP_SIGN_IN_FAILED', message: 'The username or password is not right' });
  });

  app.get('/api/v1/session', { config: { access: 'public' } }, async (request, reply) => {
    // Public, so it answers the 401 itself when credentials are required and none (valid) came, telling the
    // console whether to offer sign-in or ask for the access token.
    if (!request.principal) return sendError(reply, 401, { code: 'INTEROP_UNAUTHORIZED', message: 'Not signed in', details: { signIn: options.operatorsExist() } });
    return reply.send(sessions.describe(request.principal));
  });

  // Public, so that a browser whose session already ended can still drop its cookie.
  app.delete('/api/v1/session', { config: { access: 'public' } }, async (request, reply) => {
    sessions.signOut(request.headers.cookie, request.ip);
    return reply.code(204).header('set-cookie', sessionCookie(undefined, 0, secure)).send();
  });
}
