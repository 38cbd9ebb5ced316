import { z } from 'zod';
import { defineOperation } from './define-operation';
import { MappingTransform } from './mapping-profiles';
import { profileVersionFields, versionedProfileOps } from './profile-operations';

/** The shape of a FHIR → HL7 v2 mapping profile (the engine's model: src-main/mapping/fhir-to-hl7/fhir-profile.ts). */
const FhirCondition = z.object({
  path: z.string().min(1).max(300),
  op: z.enum(['exists', 'missing', 'in', 'not-in']),
  values: z.array(z.string().max(100)).max(100).optional(),
});
const FhirConditions = z.union([FhirCondition, z.array(FhirCondition).max(10)]);

export const FhirMappingRule = z.object({
  id: z.string().trim().min(1).max(80),
  /** The key of the segment template the rule fills. */
  segment: z.string().min(1).max(60),
  /** A FHIR path read from the segment's resource (`name[*]`, `telecom[use=work]`, `value[x]`); empty for `constant` and `now`. */
  source: z.string().max(300),
  /** The HL7 field written: `PID-8`, `PID-5.7`, `PID-3[*]`, `PID-13[+]`. */
  target: z.string().min(1).max(40),
  transform: z.string().max(60).optional(),
  args: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
  condition: FhirConditions.optional(),
  required: z.boolean().optional(),
  otherwise: z.string().max(500).optional(),
  note: z.string().max(1000).optional(),
});
export type FhirMappingRule = z.infer<typeof FhirMappingRule>;

export interface SegmentTemplate {
  key: string;
  segment: string;
  from?: string | undefined;
  when?: z.infer<typeof FhirConditions> | undefined;
  setId?: number | undefined;
  required?: boolean | undefined;
  children?: SegmentTemplate[] | undefined;
}
export const SegmentTemplate: z.ZodType<SegmentTemplate> = z.lazy(() =>
  z.object({
    key: z.string().min(1).max(60),
    segment: z.string().min(1).max(10),
    from: z.string().max(300).optional(),
    when: FhirConditions.optional(),
    setId: z.number().int().min(1).max(999).optional(),
    required: z.boolean().optional(),
    children: z.array(SegmentTemplate).max(20).optional(),
  }),
);

const content = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  resourceType: z.string().min(1).max(64),
  /** MSH-9 as written (`ADT^A08^ADT_A01`): the first by default, another when a conversion asks for its type. */
  messageTypes: z.array(z.string().max(20)).min(1).max(20),
  segments: z.array(SegmentTemplate).min(1).max(50),
  rules: z.array(FhirMappingRule).max(2000),
};

/** A profile's content as written (create, update) or previewed as a draft (convert.fhirToHl7). */
export const FhirMappingProfileContent = z.object(content);
export type FhirMappingProfileContent = z.infer<typeof FhirMappingProfileContent>;

/** A FHIR → HL7 v2 profile at one version. */
export const FhirMappingProfile = z.object({
  ...profileVersionFields,
  name: z.string(),
  resourceType: z.string(),
  messageTypes: z.array(z.string()),
  segments: z.array(SegmentTemplate),
  rules: z.array(FhirMappingRule),
});
export type FhirMappingProfile = z.infer<typeof FhirMappingProfile>;

const fhirProfiles = versionedProfileOps({
  prefix: 'fhirMappingProfiles',
  collection: 'fhir-mapping-profiles',
  idPrefix: 'FMP',
  content,
  filters: { resourceType: z.string().max(64).optional(), messageType: z.string().max(20).optional() },
  profile: FhirMappingProfile,
  rule: FhirMappingRule,
});

/** FHIR → HL7 v2 mapping profiles (outbound feeds to legacy systems), versioned like the v2 → FHIR ones. */
export const fhirMappingProfileOps = {
  ...fhirProfiles,
  transforms: defineOperation({
    name: 'fhirMappingProfiles.transforms',
    http: { method: 'GET', path: '/api/v1/fhir-mapping-profiles/transforms' },
    input: z.object({}),
    output: z.array(MappingTransform),
    immutable: true,
  }),
} as const;
