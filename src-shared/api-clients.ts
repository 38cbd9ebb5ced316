import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';
import { isKnownScope } from './scopes';

export const ApiClientStatus = z.enum(['active', 'revoked', 'expired']);
export type ApiClientStatus = z.infer<typeof ApiClientStatus>;

/** A client secret as it is recognised later: its public prefix, never the secret or its hash. */
export const ApiCredential = z.object({
  id: z.string(),
  hint: z.string(),
  createdAt: z.string(),
  /** Set once a rotation replaced it: valid until then (the overlap). */
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiCredential = z.infer<typeof ApiCredential>;

export const ApiClient = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  /** The one tenant it may act in; null: any, named per request with X-Interop-Tenant. */
  tenantId: z.string().nullable(),
  status: ApiClientStatus,
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  rateLimitPerMinute: z.number(),
  usage: z.object({ requests: z.number(), refusals: z.number(), lastUsedAt: z.string().nullable() }),
  credentials: z.array(ApiCredential),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ApiClient = z.infer<typeof ApiClient>;

/** The one answer that carries a client secret: creation and rotation. It is never shown again. */
export const ApiClientSecret = z.object({ client: ApiClient, clientId: z.string(), clientSecret: z.string() });
export type ApiClientSecret = z.infer<typeof ApiClientSecret>;

const scopes = z
  .array(z.string().max(100))
  .min(1, 'name at least one scope')
  .max(50)
  .superRefine((list, ctx) => {
    for (const scope of list) if (!isKnownScope(scope)) ctx.addIssue({ code: 'custom', message: `unknown scope "${scope}"` });
  });
const fields = {
  name: z.string().trim().min(1, 'is required').max(120),
  scopes,
  rateLimitPerMinute: z.number().int().min(1).max(100_000).optional(),
};
const clientId = idInput('CLI');

export const apiClientOps = {
  list: defineOperation({ name: 'apiClients.list', http: { method: 'GET', path: '/api/v1/api-clients' }, input: z.object({ ...pageInput }), output: Page(ApiClient) }),
  get: defineOperation({ name: 'apiClients.get', http: { method: 'GET', path: '/api/v1/api-clients/:id' }, input: z.object({ id: clientId }), output: ApiClient }),
  create: defineOperation({
    name: 'apiClients.create',
    http: { method: 'POST', path: '/api/v1/api-clients', successStatus: 201 },
    input: z.object({ ...fields, tenantId: z.string().regex(/^TEN_[A-Z0-9_]{1,64}$/, 'must be a TEN_ id').optional(), expiresAt: z.string().datetime({ offset: true }).optional() }),
    output: ApiClientSecret,
    invalidates: ['apiClients'],
  }),
  update: defineOperation({
    name: 'apiClients.update',
    http: { method: 'PATCH', path: '/api/v1/api-clients/:id' },
    input: z.object({ id: clientId, version: versionInput, ...z.object(fields).partial().shape }),
    output: ApiClient,
    invalidates: ['apiClients'],
  }),
  rotate: defineOperation({
    name: 'apiClients.rotate',
    http: { method: 'POST', path: '/api/v1/api-clients/:id/rotate' },
    input: z.object({ id: clientId, overlapSeconds: z.number().int().min(0).max(30 * 86_400).default(3600) }),
    output: ApiClientSecret,
    invalidates: ['apiClients'],
  }),
  revoke: defineOperation({ name: 'apiClients.revoke', http: { method: 'POST', path: '/api/v1/api-clients/:id/revoke' }, input: z.object({ id: clientId }), output: ApiClient, invalidates: ['apiClients'] }),
} as const;
