import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

export const RoutingTarget = z.enum(['local', 'upstream']);
export const RoutingRuleStatus = z.enum(['active', 'inactive']);

const ruleFields = {
  resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'must be a FHIR resource type such as Observation'),
  /** Narrows the rule to one category code (e.g. `laboratory`); empty for all. */
  category: z.string().trim().max(200).nullable().optional(),
  profile: z.string().trim().url('must be a profile canonical URL').max(500).nullable().optional(),
  target: RoutingTarget,
  serviceUrl: z.string().trim().url('must be the upstream FHIR base URL').max(500).nullable().optional(),
  fanOut: z.boolean(),
  isPrimary: z.boolean(),
  priority: z.number().int().min(0).max(1000),
  status: RoutingRuleStatus,
};

export function routingRuleIssues(rule: { target: string; serviceUrl?: string | null | undefined }): { path: string; message: string }[] {
  return rule.target === 'upstream' && !rule.serviceUrl ? [{ path: 'serviceUrl', message: 'is required when the target is an upstream server' }] : [];
}

export const RoutingRule = z.object({
  id: z.string(),
  tenantId: z.string(),
  resourceType: z.string(),
  category: z.string().nullable(),
  profile: z.string().nullable(),
  target: RoutingTarget,
  serviceUrl: z.string().nullable(),
  fanOut: z.boolean(),
  isPrimary: z.boolean(),
  priority: z.number(),
  status: RoutingRuleStatus,
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RoutingRule = z.infer<typeof RoutingRule>;

const ruleId = idInput('RR');

export const routingRuleOps = {
  list: defineOperation({
    name: 'fhirRoutingRules.list',
    http: { method: 'GET', path: '/api/v1/fhir-routing-rules' },
    input: z.object({ ...pageInput, resourceType: z.string().max(64).optional(), status: RoutingRuleStatus.optional() }),
    output: Page(RoutingRule),
  }),
  get: defineOperation({ name: 'fhirRoutingRules.get', http: { method: 'GET', path: '/api/v1/fhir-routing-rules/:id' }, input: z.object({ id: ruleId }), output: RoutingRule }),
  create: defineOperation({
    name: 'fhirRoutingRules.create',
    http: { method: 'POST', path: '/api/v1/fhir-routing-rules', successStatus: 201 },
    input: z
      .object({ ...ruleFields, fanOut: ruleFields.fanOut.default(false), isPrimary: ruleFields.isPrimary.default(true), priority: ruleFields.priority.default(100), status: ruleFields.status.default('active') })
      .superRefine((r, ctx) => routingRuleIssues(r).forEach((i) => ctx.addIssue({ code: 'custom', path: [i.path], message: i.message }))),
    output: RoutingRule,
    invalidates: ['fhirRoutingRules'],
  }),
  update: defineOperation({
    name: 'fhirRoutingRules.update',
    http: { method: 'PATCH', path: '/api/v1/fhir-routing-rules/:id' },
    input: z.object({ id: ruleId, version: versionInput, ...z.object(ruleFields).partial().shape }),
    output: RoutingRule,
    invalidates: ['fhirRoutingRules'],
  }),
  delete: defineOperation({
    name: 'fhirRoutingRules.delete',
    http: { method: 'DELETE', path: '/api/v1/fhir-routing-rules/:id', successStatus: 204 },
    input: z.object({ id: ruleId }),
    output: z.null(),
    invalidates: ['fhirRoutingRules'],
  }),
} as const;
