import { z } from 'zod';
import { defineOperation, idInput } from './define-operation';

/**
 * Operator accounts: people who sign in to the console over HTTP (the desktop app needs none). A role
 * stands for a set of scopes (src-main/access/operator-roles.ts): admin everything, operator the
 * day-to-day actions, viewer reads.
 */
export const OperatorRole = z.enum(['admin', 'operator', 'viewer']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing one costs what hashing any other does. */
export const PASSWORD_MAX_LENGTH = 256;

/** Lower-cased on the way in, so `Alice` and `alice` are one account. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{1,63}$/, 'must be 2 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit');

/** The rules a new password must meet; the service adds "not the username". */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters: a long passphrase is harder to guess than a short complicated word`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

const DisplayName = z.string().trim().min(1, 'is required').max(120);

/** What the API says about an operator: never the password or its hash. */
export const Operator = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: OperatorRole,
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastSignInAt: z.string().nullable(),
});
export type Operator = z.infer<typeof Operator>;

/** GET /api/v1/session: who the console acts as; `operator` is null for the access token, a loopback caller or an API client. */
export const SessionInfo = z.object({
  kind: z.enum(['desktop', 'local', 'access-token', 'api-client', 'operator']),
  scopes: z.array(z.string()),
  operator: Operator.pick({ id: true, username: true, displayName: true, role: true }).nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SignInRequest = z.object({ username: z.string().max(200), password: z.string().max(PASSWORD_MAX_LENGTH) });
export type SignInRequest = z.infer<typeof SignInRequest>;

const byId = z.object({ id: idInput('OPR') });

export const operatorOps = {
  list: defineOperation({ name: 'operators.list', http: { method: 'GET', path: '/api/v1/operators' }, input: z.object({}), output: z.array(Operator) }),
  create: defineOperation({
    name: 'operators.create',
    http: { method: 'POST', path: '/api/v1/operators', successStatus: 201 },
    input: z.object({ username: Username, displayName: DisplayName, role: OperatorRole, password: NewPassword }),
    output: Operator,
    invalidates: ['operators'],
  }),
  update: defineOperation({
    name: 'operators.update',
    http: { method: 'PATCH', path: '/api/v1/operators/:id' },
    input: byId.extend({ displayName: DisplayName.optional(), role: OperatorRole.optional(), disabled: z.boolean().optional() }),
    output: Operator,
    invalidates: ['operators'],
  }),
  resetPassword: defineOperation({
    name: 'operators.resetPassword',
    http: { method: 'POST', path: '/api/v1/operators/:id/password' },
    input: byId.extend({ password: NewPassword }),
    output: Operator,
    invalidates: ['operators'],
  }),
  delete: defineOperation({ name: 'operators.delete', http: { method: 'DELETE', path: '/api/v1/operators/:id', successStatus: 204 }, input: byId, output: z.null(), invalidates: ['operators'] }),
  /** The signed-in operator's own password; the current one is asked for again. */
  changeOwnPassword: defineOperation({
    name: 'operators.changeOwnPassword',
    http: { method: 'POST', path: '/api/v1/session/password', successStatus: 204 },
    input: z.object({ currentPassword: z.string().max(PASSWORD_MAX_LENGTH), newPassword: NewPassword }),
    output: z.null(),
  }),
} as const;
