import { z } from 'zod';
import { defineOperation, idInput, queryInt } from './define-operation';
import { profileVersionFields, versionedProfileOps } from './profile-operations';

/** The shape of an HL7 v2 → FHIR mapping profile (the engine's model: src-main/mapping/profile.ts). */
const ConditionClause = z.object({
  path: z.string().min(1).max(40),
  op: z.enum(['valued', 'empty', 'in', 'not-in', 'numeric']),
  values: z.array(z.string().max(100)).max(100).optional(),
});
/** A clause, or any of its alternatives (`or`, each a clause). */
const Condition = ConditionClause.extend({ or: z.array(ConditionClause.strict()).min(1).max(10).optional() });
const Conditions = z.union([Condition, z.array(Condition).max(10)]);
const argValue = z.union([z.string().max(500), z.number(), z.boolean()]);

export const MappingRule = z.object({
  id: z.string().trim().min(1).max(80),
  resource: z.string().min(1).max(60),
  source: z.string().max(40),
  target: z.string().min(1).max(200),
  transform: z.string().max(60).optional(),
  args: z.record(z.string(), argValue).optional(),
  argsFrom: z.record(z.string().max(40), z.string().min(1).max(120)).optional(),
  absentReason: z.enum(['unknown', 'asked-unknown', 'temp-unknown', 'not-asked', 'asked-declined', 'masked', 'not-applicable', 'unsupported', 'as-text', 'error', 'not-a-number', 'negative-infinity', 'positive-infinity', 'not-performed', 'not-permitted']).optional(),
  condition: Conditions.optional(),
  where: Conditions.optional(),
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
  required: z.boolean().optional(),
  identity: z.object({
    mode: z.enum(['update', 'create']),
    system: z.string().max(500).optional(),
    compose: z
      .object({
        system: z.string().min(1).max(500),
        parts: z.array(z.string().max(60)).min(1).max(10),
        unlessSystem: z.boolean().optional(),
        formerParts: z.array(z.string().max(60)).min(1).max(10).optional(),
      })
      .optional(),
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

/** An HL7 v2 → FHIR profile at one version. */
export const Hl7MappingProfile = z.object({ ...profileVersionFields, name: z.string(), messageTypes: z.array(z.string()), resources: z.array(ResourceTemplate), rules: z.array(MappingRule) });
export type Hl7MappingProfile = z.infer<typeof Hl7MappingProfile>;

/**
 * What processing left unmapped, per connector, profile version and path, counted over each message's
 * latest attempt (reprocessing does not count a message twice): `PID-13[2+]` carried data in
 * `messages` messages and no rule read it. Repetitions 2 and up are one path (`[2+]`).
 */
export const UnmappedCoverage = z.object({
  connectorId: z.string(),
  profileId: z.string(),
  profileName: z.string().nullable(),
  profileVersion: z.number(),
  path: z.string(),
  /** Messages whose latest attempt found the path valued and unmapped. */
  messages: z.number(),
  /** How often it was seen across those messages (a path may repeat within one). */
  occurrences: z.number(),
  lastSeenAt: z.string(),
});
export type UnmappedCoverage = z.infer<typeof UnmappedCoverage>;

const hl7Profiles = versionedProfileOps({
  prefix: 'hl7MappingProfiles',
  collection: 'hl7-mapping-profiles',
  idPrefix: 'HMP',
  content,
  filters: { messageType: z.string().max(20).optional() },
  profile: Hl7MappingProfile,
  rule: MappingRule,
});

/** HL7 v2 → FHIR mapping profiles (versioned; processing records which version ran) and what they leave unmapped. */
export const mappingProfileOps = {
  ...hl7Profiles,
  transforms: defineOperation({
    name: 'hl7MappingProfiles.transforms',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/transforms' },
    input: z.object({}),
    output: z.array(MappingTransform),
    immutable: true,
  }),
  coverage: defineOperation({
    name: 'hl7MappingProfiles.coverage',
    http: { method: 'GET', path: '/api/v1/hl7-mapping-profiles/coverage' },
    input: z.object({
      connectorId: z.string().startsWith('CONN_').max(40).optional(),
      profileId: idInput('HMP').optional(),
      /** Only messages whose latest attempt finished at or after this time (ISO-8601). */
      since: z.string().datetime({ offset: true }).optional(),
      limit: queryInt(1, 5000, 500),
    }),
    output: z.object({ data: z.array(UnmappedCoverage) }),
    // Processing changes it: each committed batch publishes `hl7Messages`.
    reads: ['hl7Messages'],
  }),
} as const;
