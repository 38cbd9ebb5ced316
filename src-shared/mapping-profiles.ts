import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

/** The shape of an HL7 v2 → FHIR mapping profile (the engine's model: src-main/mapping/profile.ts). */
const Condition = z.object({
  path: z.string().min(1).max(40),
  op: z.enum(['valued', 'empty', 'in', 'not-in']),
  values: z.array(z.string().max(100)).max(100).optional(),
});
const Conditions = z.union([Condition, z.array(Condition).max(10)]);
const argValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const MappingRule = z.object({
  id: z.string().trim().min(1).max(80),
  resource: z.string().min(1).max(60),
  source: z.string().max(40),
  target: z.string().min(1).max(200),
  transform: z.string().max(60).optional(),
  args: z.record(z.string(), argValue).optional(),
  condition: Conditions.optional(),
  required: z.boolean().optional(),
  otherwise: argValue.optional(),
  scope: z.literal('own').optional(),
  note: z.string().max(1000).optional(),
});
export type MappingRule = z.infer<typeof MappingRule>;

export const ResourceTemplate = z.object({
  key: z.string().min(1).max(60),
  resourceType: z.string().min(1).max(64),
  each: z.union([z.string().max(200), z.array(z.string().max(200)).max(10)]).optional(),
  when: Conditions.optional(),
  identity: z.object({
    mode: z.enum(['update', 'create']),
    system: z.string().max(500).optional(),
    compose: z.object({ system: z.string().min(1).max(500), parts: z.array(z.string().max(40)).min(1).max(10) }).optional(),
  }),
});

const content = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  messageTypes: z.array(z.string().max(20)).min(1).max(50),
  resources: z.array(ResourceTemplate).min(1).max(50),
  rules: z.array(MappingRule).max(2000),
};

/** A profile's content as written (create, update) or previewed as a draft (convert.hl7ToFhir). */
export const Hl7MappingProfileContent = z.object(content);
export type Hl7MappingProfileContent = z.infer<typeof Hl7MappingProfileContent>;

/** A transform a rule can name, with the arguments it takes (the engine's registry, for the rules editor). */
export const MappingTransform = z.object({
  name: z.string(),
  description: z.string(),
  output: z.string(),
  args: z.array(z.object({ name: z.string(), type: z.enum(['string', 'number', 'boolean']), required: z.boolean(), description: z.string() })),
});
export type MappingTransform = z.infer<typeof MappingTransform>;

export const MappingProfileStatus = z.enum(['active', 'retired']);

/** A profile at one version: `id` names the profile across versions, `version` this one. */
export const Hl7MappingProfile = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  messageTypes: z.array(z.string()),
  status: MappingProfileStatus,
  isDefault: z.boolean(),
  version: z.number(),
  resources: z.array(ResourceTemplate),
  rules: z.array(MappingRule),
  /** Who made this version; `system` for a shipped default. */
  actor: z.string().nullable(),
  /** When this version was made. */
  updatedAt: z.string(),
});
export type Hl7MappingProfile = z.infer<typeof Hl7MappingProfile>;

const profileId = idInput('HMP');
const ruleId = z.string().trim().min(1).max(80);

/**
 * HL7 v2 → FHIR mapping profiles, versioned: every change (of the profile or one of its rules) writes
 * a new version and keeps the old ones; processing records which version ran. A profile with problems
 * (bad paths, unknown transforms or arguments, rules naming no template) is refused with 422 naming each.
 */
export const mappingProfileOps = {
  list: defineOperation({
    name: 'hl7MappingProfiles.list',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles' },
    input: z.object({ ...pageInput, messageType: z.string().max(20).optional(), status: MappingProfileStatus.optional() }),
    output: Page(Hl7MappingProfile),
  }),
  transforms: defineOperation({
    name: 'hl7MappingProfiles.transforms',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/transforms' },
    input: z.object({}),
    output: z.array(MappingTransform),
    immutable: true,
  }),
  get: defineOperation({ name: 'hl7MappingProfiles.get', http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/:id' }, input: z.object({ id: profileId }), output: Hl7MappingProfile }),
  versions: defineOperation({
    name: 'hl7MappingProfiles.versions',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/:id/versions' },
    input: z.object({ id: profileId }),
    output: z.array(Hl7MappingProfile),
  }),
  create: defineOperation({
    name: 'hl7MappingProfiles.create',
    http: { method: 'POST', path: '/api/v1/hl7-mapping-profiles', successStatus: 201 },
    input: z.object(content),
    output: Hl7MappingProfile,
    invalidates: ['hl7MappingProfiles'],
  }),
  update: defineOperation({
    name: 'hl7MappingProfiles.update',
    http: { method: 'PUT', path: '/api/v1/hl7-mapping-profiles/:id' },
    input: z.object({ id: profileId, version: versionInput, ...content }),
    output: Hl7MappingProfile,
    invalidates: ['hl7MappingProfiles'],
  }),
  retire: defineOperation({
    name: 'hl7MappingProfiles.retire',
    http: { method: 'DELETE', path: '/api/v1/hl7-mapping-profiles/:id', successStatus: 204 },
    input: z.object({ id: profileId }),
    output: z.null(),
    invalidates: ['hl7MappingProfiles'],
  }),
  listRules: defineOperation({
    name: 'hl7MappingProfiles.rules.list',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/:id/rules' },
    input: z.object({ id: profileId }),
    output: z.array(MappingRule),
  }),
  addRule: defineOperation({
    name: 'hl7MappingProfiles.rules.add',
    http: { method: 'POST', path: '/api/v1/hl7-mapping-profiles/:id/rules', successStatus: 201 },
    input: z.object({ id: profileId, version: versionInput, rule: MappingRule, position: z.number().int().min(0).optional() }),
    output: Hl7MappingProfile,
    invalidates: ['hl7MappingProfiles'],
  }),
  updateRule: defineOperation({
    name: 'hl7MappingProfiles.rules.update',
    http: { method: 'PUT', path: '/api/v1/hl7-mapping-profiles/:id/rules/:ruleId' },
    input: z.object({ id: profileId, ruleId, version: versionInput, rule: MappingRule }),
    output: Hl7MappingProfile,
    invalidates: ['hl7MappingProfiles'],
  }),
  removeRule: defineOperation({
    name: 'hl7MappingProfiles.rules.remove',
    http: { method: 'DELETE', path: '/api/v1/hl7-mapping-profiles/:id/rules/:ruleId' },
    input: z.object({ id: profileId, ruleId, version: versionInput }),
    output: Hl7MappingProfile,
    invalidates: ['hl7MappingProfiles'],
  }),
} as const;
