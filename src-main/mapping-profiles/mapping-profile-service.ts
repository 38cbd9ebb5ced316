import type { Hl7MappingProfile, MappingRule } from '@contract/mapping-profiles';
import type { ChangeFeed } from '../core/change-events';
import type { Clock } from '../core/clock';
import { AppError, notFound, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { versionConflict, type RequestContext } from '../core/request-context';
import { checkProfile } from '../mapping/check-profile';
import { DEFAULT_PROFILES } from '../mapping/default-profiles';
import type { Hl7MappingProfileContent } from '../mapping/profile';
import type { MappingProfileFilter, MappingProfileRow, MappingProfilesRepo } from '../store/mapping-profiles-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';

export interface MappingProfileServiceDeps {
  repo: MappingProfilesRepo;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

type Content = Hl7MappingProfileContent;

export const contentOf = (row: MappingProfileRow): Content => ({
  name: row.name,
  ...(row.description ? { description: row.description } : {}),
  messageTypes: row.messageTypes,
  resources: row.resources as Content['resources'],
  rules: row.rules as Content['rules'],
});

const toDto = (row: MappingProfileRow): Hl7MappingProfile => ({
  id: row.profileId,
  name: row.name,
  description: row.description,
  messageTypes: row.messageTypes,
  status: row.status as Hl7MappingProfile['status'],
  isDefault: row.isDefault,
  version: row.profileVersion,
  resources: row.resources as Hl7MappingProfile['resources'],
  rules: row.rules as Hl7MappingProfile['rules'],
  actor: row.actor,
  updatedAt: new Date(row.createdAt).toISOString(),
});

const ruleNotFound = (profileId: string, ruleId: string): AppError =>
  new AppError('not_found', 'INTEROP_MAPPING_RULE_NOT_FOUND', `Mapping profile ${profileId} has no rule ${ruleId.slice(0, 80)}`, { id: profileId, ruleId: ruleId.slice(0, 80) });

/**
 * HL7 v2 → FHIR mapping profiles as versioned data: every change writes a new version (old ones stay,
 * attempts name the version that ran); a profile is checked (mapping/check-profile.ts) before it is
 * written, so a stored profile always runs. The shipped defaults are written as version 1 on first start.
 */
export function createMappingProfileService(deps: MappingProfileServiceDeps) {
  const { repo, transact, clock } = deps;

  const current = (ctx: RequestContext, id: string): MappingProfileRow => {
    const row = repo.latest(ctx.tenantId, id);
    if (!row) throw notFound('mapping_profile', id);
    return row;
  };

  function write(ctx: RequestContext, base: MappingProfileRow | undefined, content: Content, status: string, isDefault: boolean): MappingProfileRow {
    const issues = checkProfile(content);
    if (issues.length > 0) throw validationFailed(issues);
    const now = clock.now();
    const row = repo.insertVersion({
      id: deps.ids('HMPV'),
      profileId: base?.profileId ?? deps.ids('HMP'),
      tenantId: ctx.tenantId,
      name: content.name,
      profileVersion: (base?.profileVersion ?? 0) + 1,
      status,
      description: content.description ?? null,
      isDefault,
      messageTypes: content.messageTypes,
      resources: content.resources,
      rules: content.rules,
      actor: ctx.actor,
      createdAt: now,
      updatedAt: now,
    });
    deps.changes.publish({ topic: 'hl7MappingProfiles', id: row.profileId });
    return row;
  }

  /** A new version of the profile from its latest, when the caller saw that latest (`version`). */
  function change(ctx: RequestContext, id: string, version: number, edit: (content: Content) => Content): Hl7MappingProfile {
    return toDto(
      transact(() => {
        const base = current(ctx, id);
        if (base.profileVersion !== version) throw versionConflict('Mapping profile', id, version, base.profileVersion);
        return write(ctx, base, edit(contentOf(base)), base.status, base.isDefault);
      }),
    );
  }

  const ruleIndex = (content: Content, id: string, ruleId: string): number => {
    const index = content.rules.findIndex((r) => r.id === ruleId);
    if (index < 0) throw ruleNotFound(id, ruleId);
    return index;
  };

  return {
    list(ctx: RequestContext, filter: MappingProfileFilter, page: PageRequest) {
      const { rows, total } = repo.listLatest(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): Hl7MappingProfile => toDto(current(ctx, id)),
    versions(ctx: RequestContext, id: string): Hl7MappingProfile[] {
      current(ctx, id);
      return repo.versions(ctx.tenantId, id).map(toDto);
    },
    create: (ctx: RequestContext, content: Content): Hl7MappingProfile => toDto(transact(() => write(ctx, undefined, content, 'active', false))),
    update: (ctx: RequestContext, id: string, version: number, content: Content): Hl7MappingProfile => change(ctx, id, version, () => content),
    retire(ctx: RequestContext, id: string): null {
      transact(() => {
        const base = current(ctx, id);
        if (base.status !== 'retired') write(ctx, base, contentOf(base), 'retired', base.isDefault);
      });
      return null;
    },
    /** A stored profile's latest content and version, whatever its status (the preview runs retired ones too). */
    contentOf(ctx: RequestContext, id: string): { content: Content; version: number } {
      const row = current(ctx, id);
      return { content: contentOf(row), version: row.profileVersion };
    },
    listRules: (ctx: RequestContext, id: string): MappingRule[] => current(ctx, id).rules as MappingRule[],
    addRule: (ctx: RequestContext, id: string, version: number, rule: MappingRule, position?: number): Hl7MappingProfile =>
      change(ctx, id, version, (content) => {
        const rules = [...content.rules];
        rules.splice(position ?? rules.length, 0, rule);
        return { ...content, rules };
      }),
    updateRule: (ctx: RequestContext, id: string, ruleId: string, version: number, rule: MappingRule): Hl7MappingProfile =>
      change(ctx, id, version, (content) => ({ ...content, rules: content.rules.map((r, i) => (i === ruleIndex(content, id, ruleId) ? rule : r)) })),
    removeRule: (ctx: RequestContext, id: string, ruleId: string, version: number): Hl7MappingProfile =>
      change(ctx, id, version, (content) => {
        const index = ruleIndex(content, id, ruleId);
        return { ...content, rules: content.rules.filter((_, i) => i !== index) };
      }),

    /**
     * Writes each shipped default whose name no version of any stored profile has had (first start, or a
     * default added by an upgrade): a default renamed or retired by the operator is not written again.
     */
    seedDefaults(tenantId: string): void {
      const system: RequestContext = { tenantId, actor: 'system' };
      transact(() => {
        const known = repo.namesEverUsed(tenantId);
        for (const profile of DEFAULT_PROFILES) if (!known.has(profile.name)) write(system, undefined, profile, 'active', true);
      });
    },

    /** The profile that converts `messageType` for a connector: its assignment, else the active default covering the type. */
    profileFor(tenantId: string, messageType: string, assignedId: string | undefined): { content: Content; version: number } | undefined {
      const assigned = assignedId ? repo.latest(tenantId, assignedId) : undefined;
      const row = assigned?.status === 'active' ? assigned : repo.activeDefaults(tenantId).find((r) => r.messageTypes.includes(messageType));
      return row ? { content: contentOf(row), version: row.profileVersion } : undefined;
    },
  };
}
export type MappingProfileService = ReturnType<typeof createMappingProfileService>;
