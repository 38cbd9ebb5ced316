import { and, desc, eq, sql } from 'drizzle-orm';
import { hl7MappingProfiles } from '../../db/schema';
import { versionConflict } from '../core/request-context';
import type { Db } from './open-store';
import type { PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

export type MappingProfileRow = typeof hl7MappingProfiles.$inferSelect;
export type NewMappingProfileRow = typeof hl7MappingProfiles.$inferInsert;

export interface MappingProfileFilter {
  messageType?: string | undefined;
  status?: string | undefined;
}

export interface MappingProfilesRepo {
  /** The latest version of each profile, by name. */
  listLatest(tenantId: string, filter: MappingProfileFilter, page: PageRequest): { rows: MappingProfileRow[]; total: number };
  latest(tenantId: string, profileId: string): MappingProfileRow | undefined;
  version(tenantId: string, profileId: string, profileVersion: number): MappingProfileRow | undefined;
  /** Every version of a profile, newest first. */
  versions(tenantId: string, profileId: string): MappingProfileRow[];
  /** Writes a version; 409 INTEROP_VERSION_CONFLICT when that version number was written meanwhile. */
  insertVersion(row: NewMappingProfileRow): MappingProfileRow;
  /** The latest active version of each profile shipped as a default. */
  activeDefaults(tenantId: string): MappingProfileRow[];
  /** Every name any version of any profile has had. */
  namesEverUsed(tenantId: string): Set<string>;
}

export function createMappingProfilesRepo(db: Db): MappingProfilesRepo {
  const t = hl7MappingProfiles;
  // A row is a profile's latest when no row of the same profile has a higher version.
  const isLatest = sql`${t.profileVersion} = (SELECT max(p.profile_version) FROM hl7_mapping_profiles p WHERE p.tenant_id = ${t.tenantId} AND p.profile_id = ${t.profileId})`;
  const latestWhere = (tenantId: string, filter: MappingProfileFilter) =>
    and(
      eq(t.tenantId, tenantId),
      isLatest,
      filter.status ? eq(t.status, filter.status) : undefined,
      filter.messageType ? sql`EXISTS (SELECT 1 FROM json_each(${t.messageTypes}) WHERE json_each.value = ${filter.messageType})` : undefined,
    );
  return {
    listLatest(tenantId, filter, page) {
      const where = latestWhere(tenantId, filter);
      const rows = db.select().from(t).where(where).orderBy(t.name, t.profileId).limit(page.pageSize).offset((page.page - 1) * page.pageSize).all();
      const total = db.select({ n: sql<number>`count(*)` }).from(t).where(where).get()?.n ?? 0;
      return { rows, total };
    },
    latest: (tenantId, profileId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId))).orderBy(desc(t.profileVersion)).limit(1).get(),
    version: (tenantId, profileId, profileVersion) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId), eq(t.profileVersion, profileVersion))).get(),
    versions: (tenantId, profileId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId))).orderBy(desc(t.profileVersion)).all(),
    insertVersion(row) {
      try {
        return db.insert(t).values(row).returning().get();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw versionConflict('Mapping profile', row.profileId, row.profileVersion - 1, row.profileVersion);
      }
    },
    namesEverUsed: (tenantId) => new Set(db.selectDistinct({ name: t.name }).from(t).where(eq(t.tenantId, tenantId)).all().map((r) => r.name)),
    activeDefaults: (tenantId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.isDefault, true), eq(t.status, 'active'), isLatest)).orderBy(t.name).all(),
  };
}
