import { and, desc, eq, getTableName, sql } from 'drizzle-orm';
import { fhirMappingProfiles, hl7MappingProfiles } from '../../db/schema';
import { versionConflict } from '../core/request-context';
import type { Db } from './open-store';
import type { PageRequest } from './paged-list';
import { isUniqueViolation } from './sqlite-errors';

/** HL7 v2 → FHIR (hl7_mapping_profiles) or FHIR → v2 (fhir_mapping_profiles). */
export type MappingDirection = 'hl7-to-fhir' | 'fhir-to-hl7';
export type Hl7MappingProfileRow = typeof hl7MappingProfiles.$inferSelect;
export type FhirMappingProfileRow = typeof fhirMappingProfiles.$inferSelect;

export interface MappingProfileFilter {
  messageType?: string | undefined;
  /** FHIR → v2 profiles only: the resource type converted. */
  resourceType?: string | undefined;
  status?: string | undefined;
}

export interface MappingProfilesRepo<Row, NewRow> {
  /** The latest version of each profile, by name. */
  listLatest(tenantId: string, filter: MappingProfileFilter, page: PageRequest): { rows: Row[]; total: number };
  latest(tenantId: string, profileId: string): Row | undefined;
  version(tenantId: string, profileId: string, profileVersion: number): Row | undefined;
  /** Every version of a profile, newest first. */
  versions(tenantId: string, profileId: string): Row[];
  /** Writes a version; 409 INTEROP_VERSION_CONFLICT when that version number was written meanwhile. */
  insertVersion(row: NewRow): Row;
  /** The latest active version of each profile shipped as a default. */
  activeDefaults(tenantId: string): Row[];
  /** Every name any version of any profile has had. */
  namesEverUsed(tenantId: string): Set<string>;
}

/**
 * One repository for both directions' profiles, over the direction's table (the same versioned
 * columns, each with its own templates): a row per version under a stable profile id.
 */
export function createMappingProfilesRepo(db: Db, direction: 'hl7-to-fhir'): MappingProfilesRepo<Hl7MappingProfileRow, typeof hl7MappingProfiles.$inferInsert>;
export function createMappingProfilesRepo(db: Db, direction: 'fhir-to-hl7'): MappingProfilesRepo<FhirMappingProfileRow, typeof fhirMappingProfiles.$inferInsert>;
export function createMappingProfilesRepo(db: Db, direction: MappingDirection): MappingProfilesRepo<Hl7MappingProfileRow | FhirMappingProfileRow, typeof hl7MappingProfiles.$inferInsert | typeof fhirMappingProfiles.$inferInsert> {
  type Row = Hl7MappingProfileRow | FhirMappingProfileRow;
  const table = direction === 'hl7-to-fhir' ? hl7MappingProfiles : fhirMappingProfiles;
  // Both tables have every column read here; drizzle's builders take one table type at a time.
  const t = table as typeof hl7MappingProfiles;
  const resourceType = 'resourceType' in table ? table.resourceType : undefined;
  // A row is a profile's latest when no row of the same profile has a higher version.
  const isLatest = sql`${t.profileVersion} = (SELECT max(p.profile_version) FROM ${sql.identifier(getTableName(table))} p WHERE p.tenant_id = ${t.tenantId} AND p.profile_id = ${t.profileId})`;
  const latestWhere = (tenantId: string, filter: MappingProfileFilter) =>
    and(
      eq(t.tenantId, tenantId),
      isLatest,
      filter.status ? eq(t.status, filter.status) : undefined,
      filter.resourceType && resourceType ? eq(resourceType, filter.resourceType) : undefined,
      filter.messageType ? sql`EXISTS (SELECT 1 FROM json_each(${t.messageTypes}) WHERE json_each.value = ${filter.messageType} OR substr(json_each.value, 1, ${filter.messageType.length + 1}) = ${`${filter.messageType}^`})` : undefined,
    );
  return {
    listLatest(tenantId, filter, page) {
      const where = latestWhere(tenantId, filter);
      const rows = db.select().from(t).where(where).orderBy(t.name, t.profileId).limit(page.pageSize).offset((page.page - 1) * page.pageSize).all() as Row[];
      const total = db.select({ n: sql<number>`count(*)` }).from(t).where(where).get()?.n ?? 0;
      return { rows, total };
    },
    latest: (tenantId, profileId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId))).orderBy(desc(t.profileVersion)).limit(1).get() as Row | undefined,
    version: (tenantId, profileId, profileVersion) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId), eq(t.profileVersion, profileVersion))).get() as Row | undefined,
    versions: (tenantId, profileId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.profileId, profileId))).orderBy(desc(t.profileVersion)).all() as Row[],
    insertVersion(row) {
      try {
        return db.insert(t).values(row as typeof t.$inferInsert).returning().get();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw versionConflict('Mapping profile', row.profileId, row.profileVersion - 1, row.profileVersion);
      }
    },
    namesEverUsed: (tenantId) => new Set(db.selectDistinct({ name: t.name }).from(t).where(eq(t.tenantId, tenantId)).all().map((r) => r.name)),
    activeDefaults: (tenantId) => db.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.isDefault, true), eq(t.status, 'active'), isLatest)).orderBy(t.name).all() as Row[],
  };
}
