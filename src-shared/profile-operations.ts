import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, versionInput } from './define-operation';

export const MappingProfileStatus = z.enum(['active', 'retired']);

/** What every version of a profile carries beside its content: `id` names the profile across versions, `version` this one. */
export const profileVersionFields = {
  id: z.string(),
  description: z.string().nullable(),
  status: MappingProfileStatus,
  isDefault: z.boolean(),
  version: z.number(),
  /** Who made this version; `system` for a shipped default. */
  actor: z.string().nullable(),
  /** When this version was made. */
  updatedAt: z.string(),
};

const ruleId = z.string().trim().min(1).max(80);

/**
 * The operations of one direction's versioned mapping profiles, the same for both: list / get /
 * versions / create / update / retire and the `rules` child collection under `/api/v1/<collection>`.
 * Every change (of the profile or one of its rules) writes a new version and keeps the old ones; a
 * profile with problems is refused with 422 naming each (`rules[3].source`).
 */
export function versionedProfileOps<P extends string, Content extends z.ZodRawShape, Filters extends z.ZodRawShape, Profile extends z.ZodType, Rule extends z.ZodType>(spec: {
  prefix: P;
  collection: string;
  idPrefix: string;
  content: Content;
  filters: Filters;
  profile: Profile;
  rule: Rule;
}) {
  const { prefix, content, profile, rule } = spec;
  const base = `/api/v1/${spec.collection}`;
  const id = idInput(spec.idPrefix);
  const invalidates = [prefix] as const;
  return {
    list: defineOperation({
      name: `${prefix}.list` as const,
      http: { method: 'GET', path: base },
      input: z.object({ ...pageInput, ...spec.filters, status: MappingProfileStatus.optional() }),
      output: Page(profile),
    }),
    get: defineOperation({ name: `${prefix}.get` as const, http: { method: 'GET', path: `${base}/:id` }, input: z.object({ id }), output: profile }),
    versions: defineOperation({ name: `${prefix}.versions` as const, http: { method: 'GET', path: `${base}/:id/versions` }, input: z.object({ id }), output: z.array(profile) }),
    create: defineOperation({ name: `${prefix}.create` as const, http: { method: 'POST', path: base, successStatus: 201 }, input: z.object(content), output: profile, invalidates }),
    update: defineOperation({
      name: `${prefix}.update` as const,
      http: { method: 'PUT', path: `${base}/:id` },
      input: z.object({ id, version: versionInput, ...content }),
      output: profile,
      invalidates,
    }),
    retire: defineOperation({ name: `${prefix}.retire` as const, http: { method: 'DELETE', path: `${base}/:id`, successStatus: 204 }, input: z.object({ id }), output: z.null(), invalidates }),
    listRules: defineOperation({ name: `${prefix}.rules.list` as const, http: { method: 'GET', path: `${base}/:id/rules` }, input: z.object({ id }), output: z.array(rule) }),
    addRule: defineOperation({
      name: `${prefix}.rules.add` as const,
      http: { method: 'POST', path: `${base}/:id/rules`, successStatus: 201 },
      input: z.object({ id, version: versionInput, rule, position: z.number().int().min(0).optional() }),
      output: profile,
      invalidates,
    }),
    updateRule: defineOperation({
      name: `${prefix}.rules.update` as const,
      http: { method: 'PUT', path: `${base}/:id/rules/:ruleId` },
      input: z.object({ id, ruleId, version: versionInput, rule }),
      output: profile,
      invalidates,
    }),
    removeRule: defineOperation({
      name: `${prefix}.rules.remove` as const,
      http: { method: 'DELETE', path: `${base}/:id/rules/:ruleId` },
      input: z.object({ id, ruleId, version: versionInput }),
      output: profile,
      invalidates,
    }),
  } as const;
}
