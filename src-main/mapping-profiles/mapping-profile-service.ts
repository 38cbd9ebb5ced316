import type { ChangeFeed } from '../core/change-events';
import type { Clock } from '../core/clock';
import { AppError, validationFailed } from '../core/errors';
import type { IdGenerator } from '../core/ids';
import { versionConflict, type RequestContext } from '../core/request-context';
import type { MappingProfileFilter, MappingProfilesRepo } from '../store/mapping-profiles-repo';
import type { PageRequest } from '../store/paged-list';
import type { Transact } from '../store/transact';
import { canonicalJson } from './canonical-json';
import type { ProfileContentBase, ProfileKind } from './profile-kinds';

export interface MappingProfileServiceDeps<Row> {
  repo: MappingProfilesRepo<Row, never>;
  transact: Transact;
  ids: IdGenerator;
  clock: Clock;
  changes: ChangeFeed;
}

/** The columns every version's row has, whichever the direction. */
interface RowBase {
  profileId: string;
  profileVersion: number;
  name: string;
  status: string;
  isDefault: boolean;
  description: string | null;
  actor: string | null;
  createdAt: number;
}

/** A profile at one version: `id` names the profile across versions, `version` this one. */
export type ProfileDto<Content> = Omit<Content, 'description'> & {
  id: string;
  description: string | null;
  status: 'active' | 'retired';
  isDefault: boolean;
  version: number;
  /** Who made this version; `system` for a shipped default. */
  actor: string | null;
  /** When this version was made. */
  updatedAt: string;
};

/** A stored profile chosen to run: its content and the version the conversion names. */
export interface ChosenProfile<Content> {
  id: string;
  content: Content;
  version: number;
}

const ruleNotFound = (profileId: string, ruleId: string): AppError =>
  new AppError('not_found', 'INTEROP_MAPPING_RULE_NOT_FOUND', `Mapping profile ${profileId} has no rule ${ruleId.slice(0, 80)}`, { id: profileId, ruleId: ruleId.slice(0, 80) });

/**
 * Mapping profiles as versioned data, for either direction (its `kind`: HL7 v2 → FHIR or FHIR → v2):
 * every change writes a new version (old ones stay, conversions name the version that ran); a profile
 * is checked before it is written, so a stored profile always runs. The shipped defaults are written
 * as version 1 on first start.
 */
export function createMappingProfileService<Content extends ProfileContentBase, Row extends RowBase>(kind: ProfileKind<Content, Row>, deps: MappingProfileServiceDeps<Row>) {
  const { repo, transact, clock } = deps;
  const insert = repo.insertVersion as (row: Record<string, unknown>) => Row;

  const toDto = (row: Row): ProfileDto<Content> => {
    const { description: _description, ...content } = kind.contentOf(row);
    return {
      ...content,
      id: row.profileId,
      description: row.description,
      status: row.status as ProfileDto<Content>['status'],
      isDefault: row.isDefault,
      version: row.profileVersion,
      actor: row.actor,
      updatedAt: new Date(row.createdAt).toISOString(),
    };
  };

  const current = (ctx: RequestContext, id: string): Row => {
    const row = repo.latest(ctx.tenantId, id);
    if (!row) throw kind.notFound(id);
    return row;
  };

  function write(ctx: RequestContext, base: Row | undefined, content: Content, status: string, isDefault: boolean, by: 'operator' | 'system' = 'operator'): Row {
    const issues = kind.check(content, by);
    if (issues.length > 0) throw validationFailed(issues);
    const now = clock.now();
    const row = insert({
      ...kind.columnsOf(content),
      id: deps.ids(kind.ids.version),
      profileId: base?.profileId ?? deps.ids(kind.ids.profile),
      tenantId: ctx.tenantId,
      name: content.name,
      profileVersion: (base?.profileVersion ?? 0) + 1,
      status,
      description: content.description ?? null,
      isDefault,
      actor: ctx.actor,
      createdAt: now,
      updatedAt: now,
    });
    deps.changes.publish({ topic: kind.topic, id: row.profileId });
    return row;
  }

  /** A new version of the profile from its latest, when the caller saw that latest (`version`). */
  function change(ctx: RequestContext, id: string, version: number, edit: (content: Content) => Content): ProfileDto<Content> {
    return toDto(
      transact(() => {
        const base = current(ctx, id);
        if (base.profileVersion !== version) throw versionConflict(kind.label, id, version, base.profileVersion);
        return write(ctx, base, edit(kind.contentOf(base)), base.status, base.isDefault);
      }),
    );
  }

  const ruleIndex = (content: Content, id: string, ruleId: string): number => {
    const index = content.rules.findIndex((r) => r.id === ruleId);
    if (index < 0) throw ruleNotFound(id, ruleId);
    return index;
  };
  type Rule = Content['rules'][number];

  return {
    list(ctx: RequestContext, filter: MappingProfileFilter, page: PageRequest) {
      const { rows, total } = repo.listLatest(ctx.tenantId, filter, page);
      return { data: rows.map(toDto), page: page.page, pageSize: page.pageSize, total };
    },
    get: (ctx: RequestContext, id: string): ProfileDto<Content> => toDto(current(ctx, id)),
    versions(ctx: RequestContext, id: string): ProfileDto<Content>[] {
      current(ctx, id);
      return repo.versions(ctx.tenantId, id).map(toDto);
    },
    create: (ctx: RequestContext, content: Content): ProfileDto<Content> => toDto(transact(() => write(ctx, undefined, content, 'active', false))),
    update: (ctx: RequestContext, id: string, version: number, content: Content): ProfileDto<Content> => change(ctx, id, version, () => content),
    retire(ctx: RequestContext, id: string): null {
      transact(() => {
        const base = current(ctx, id);
        if (base.status !== 'retired') write(ctx, base, kind.contentOf(base), 'retired', base.isDefault);
      });
      return null;
    },
    /** A stored profile's latest content and version, whatever its status (the preview runs retired ones too). */
    contentOf(ctx: RequestContext, id: string): { content: Content; version: number; id: string } {
      const row = current(ctx, id);
      return { content: kind.contentOf(row), version: row.profileVersion, id: row.profileId };
    },
    listRules: (ctx: RequestContext, id: string): Rule[] => kind.contentOf(current(ctx, id)).rules,
    addRule: (ctx: RequestContext, id: string, version: number, rule: Rule, position?: number): ProfileDto<Content> =>
      change(ctx, id, version, (content) => {
        const rules = [...content.rules];
        rules.splice(position ?? rules.length, 0, rule);
        return { ...content, rules };
      }),
    updateRule: (ctx: RequestContext, id: string, ruleId: string, version: number, rule: Rule): ProfileDto<Content> =>
      change(ctx, id, version, (content) => ({ ...content, rules: content.rules.map((r, i) => (i === ruleIndex(content, id, ruleId) ? rule : r)) })),
    removeRule: (ctx: RequestContext, id: string, ruleId: string, version: number): ProfileDto<Content> =>
      change(ctx, id, version, (content) => {
        const index = ruleIndex(content, id, ruleId);
        return { ...content, rules: content.rules.filter((_, i) => i !== index) };
      }),

    /**
     * Writes each shipped default whose name no version of any stored profile has had (first start, or a
     * default added by an upgrade): a default renamed or retired by the operator is not written again.
     * A default nobody has changed (every version written by the engine) that differs from the shipped
     * one — an upgrade improved it — gets the shipped content as its next version; one the operator
     * edited is theirs and stays as they left it.
     */
    seedDefaults(tenantId: string): void {
      const system: RequestContext = { tenantId, actor: 'system' };
      transact(() => {
        const known = repo.namesEverUsed(tenantId);
        const untouched = new Map(repo.activeDefaults(tenantId).filter((row) => repo.versions(tenantId, row.profileId).every((v) => v.actor === 'system')).map((row) => [row.name, row]));
        for (const profile of kind.defaults) {
          if (!known.has(profile.name)) write(system, undefined, profile, 'active', true, 'system');
          const stored = untouched.get(profile.name);
          if (stored && canonicalJson(kind.contentOf(stored)) !== canonicalJson(profile)) write(system, stored, profile, 'active', true, 'system');
        }
      });
    },

    /** The profile to run: the assigned one while it is active, else the active default that `covers` the input. */
    pick(tenantId: string, assignedId: string | undefined, covers: (content: Content) => boolean): ChosenProfile<Content> | undefined {
      const assigned = assignedId ? repo.latest(tenantId, assignedId) : undefined;
      const row = assigned?.status === 'active' ? assigned : repo.activeDefaults(tenantId).find((r) => covers(kind.contentOf(r)));
      return row ? { id: row.profileId, content: kind.contentOf(row), version: row.profileVersion } : undefined;
    },

    /** A profile a caller names, at its latest version: 404 when there is none, 409 when it is retired. */
    named(ctx: RequestContext, id: string): ChosenProfile<Content> {
      const row = current(ctx, id);
      if (row.status !== 'active') throw new AppError('conflict', 'INTEROP_MAPPING_PROFILE_RETIRED', `${kind.label} ${id} is retired`, { id });
      return { id: row.profileId, content: kind.contentOf(row), version: row.profileVersion };
    },
  };
}
export type MappingProfileService<Content extends ProfileContentBase> = ReturnType<typeof createMappingProfileService<Content, RowBase>>;
