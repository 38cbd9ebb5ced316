import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

export const ExternalSystemKind = z.enum(['ehr', 'lis', 'ris', 'pms', 'hie', 'payer', 'other']);
export const ExternalSystemStatus = z.enum(['active', 'inactive']);

export const ExternalSystem = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  kind: ExternalSystemKind,
  description: z.string().nullable(),
  contact: z.string().nullable(),
  status: ExternalSystemStatus,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExternalSystem = z.infer<typeof ExternalSystem>;

const fields = {
  name: z.string().trim().min(1, 'is required').max(120),
  kind: ExternalSystemKind,
  description: z.string().max(2000).nullable().optional(),
  contact: z.string().max(200).nullable().optional(),
  status: ExternalSystemStatus.optional(),
};
const systemId = idInput('EXT');

export const externalSystemOps = {
  list: defineOperation({
    name: 'externalSystems.list',
    http: { method: 'GET', path: '/api/v1/external-systems' },
    input: z.object({ ...pageInput, kind: ExternalSystemKind.optional(), status: ExternalSystemStatus.optional(), q: z.string().max(200).optional() }),
    output: Page(ExternalSystem),
  }),
  get: defineOperation({
    name: 'externalSystems.get',
    http: { method: 'GET', path: '/api/v1/external-systems/:id' },
    input: z.object({ id: systemId }),
    output: ExternalSystem,
  }),
  create: defineOperation({
    name: 'externalSystems.create',
    http: { method: 'POST', path: '/api/v1/external-systems', successStatus: 201 },
    input: z.object(fields),
    output: ExternalSystem,
    invalidates: ['externalSystems'],
  }),
  update: defineOperation({
    name: 'externalSystems.update',
    http: { method: 'PATCH', path: '/api/v1/external-systems/:id' },
    input: z.object({ id: systemId, version: versionInput, ...z.object(fields).partial().shape }),
    output: ExternalSystem,
    invalidates: ['externalSystems'],
  }),
  delete: defineOperation({
    name: 'externalSystems.delete',
    http: { method: 'DELETE', path: '/api/v1/external-systems/:id', successStatus: 204 },
    input: z.object({ id: systemId }),
    output: z.null(),
    invalidates: ['externalSystems'],
  }),
} as const;
