import { and, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { interfaceHealthChecks, interopConnectors } from '../../db/schema';
import { connectorInUse, connectorNameTaken, slotTaken } from '../connectors/connector-conflicts';
import type { Db } from './open-store';
import { escapeLike, pagedList, type PageRequest } from './paged-list';
import { constraintMessage, isForeignKeyViolation, isUniqueViolation } from './sqlite-errors';

export type ConnectorRow = typeof interopConnectors.$inferSelect;
export type NewConnectorRow = typeof interopConnectors.$inferInsert;
export type ConnectorPatch = Partial<Omit<NewConnectorRow, 'id' | 'tenantId' | 'version' | 'createdAt' | 'activeSlot'>>;
export type HealthCheckRow = typeof interfaceHealthChecks.$inferSelect;

export interface ConnectorFilter {
  status?: string | undefined;
  protocol?: string | undefined;
  direction?: string | undefined;
  externalSystemId?: string | undefined;
  facilityId?: string | undefined;
  q?: string | undefined;
}

export type SlotFields = Pick<ConnectorRow, 'tenantId' | 'facilityId' | 'protocol' | 'direction' | 'host' | 'port'>;

/**
 * The slot an active connector holds, as the generated `active_slot` column computes it (db/schema/connectors.ts):
 * a listener holds its host and port whatever its facility; any other connector its facility, protocol, direction and port.
 */
export function activeSlotOf(c: SlotFields): string {
  if (c.protocol === 'mllp' && c.direction !== 'outbound') return [c.tenantId, 'listener', c.host ?? '', c.port ?? ''].join('|');
  return [c.tenantId, c.facilityId ?? '', c.protocol, c.direction, c.port ?? ''].join('|');
}

export interface ConnectorsRepo {
  list(tenantId: string, filter: ConnectorFilter, page: PageRequest): { rows: ConnectorRow[]; total: number };
  findById(id: string): ConnectorRow | undefined;
  /** Another active connector holding the slot `row` would hold when active (see activeSlotOf). */
  findActiveInSlot(row: SlotFields & Pick<ConnectorRow, 'id'>): ConnectorRow | undefined;
  /** Throws 409 INTEROP_CONNECTOR_NAME_TAKEN when the tenant has a connector of that name. */
  insert(row: NewConnectorRow): ConnectorRow;
  /**
   * Compare-and-swap on `version`; undefined when the row is gone or was changed meanwhile. Throws 409
   * INTEROP_CONNECTOR_ALREADY_ACTIVE or INTEROP_PORT_IN_USE when another active connector holds the slot,
   * INTEROP_CONNECTOR_NAME_TAKEN when the name is taken.
   */
  update(id: string, expectedVersion: number, patch: ConnectorPatch): ConnectorRow | undefined;
  /** True when the stored error changed. */
  setLastError(id: string, error: string | null): boolean;
  allActive(): ConnectorRow[];
  /** Throws 409 INTEROP_CONNECTOR_IN_USE when messages refer to the connector. */
  delete(id: string): void;
  healthChecks(connectorId: string, page: PageRequest): { rows: HealthCheckRow[]; total: number };
  /** A tenant's connectors made from a connector-catalog template (settings.template set): id, template type and status. */
  madeFromTemplates(tenantId: string): { id: string; template: string; status: string }[];
}

export function createConnectorsRepo(db: Db): ConnectorsRepo {
  const where = (tenantId: string, f: ConnectorFilter): SQL | undefined => {
    const q = f.q ? `%${escapeLike(f.q)}%` : undefined;
    return and(
      eq(interopConnectors.tenantId, tenantId),
      f.status ? eq(interopConnectors.status, f.status) : undefined,
      f.protocol ? eq(interopConnectors.protocol, f.protocol) : undefined,
      f.direction ? eq(interopConnectors.direction, f.direction) : undefined,
      f.externalSystemId ? eq(interopConnectors.externalSystemId, f.externalSystemId) : undefined,
      f.facilityId ? eq(interopConnectors.facilityId, f.facilityId) : undefined,
      q ? or(sql`${interopConnectors.name} like ${q} escape '\\'`, sql`${interopConnectors.host} like ${q} escape '\\'`) : undefined,
    );
  };

  const findActiveInSlot = (row: SlotFields & Pick<ConnectorRow, 'id'>): ConnectorRow | undefined =>
    db
      .select()
      .from(interopConnectors)
      .where(and(eq(interopConnectors.activeSlot, activeSlotOf(row)), sql`${interopConnectors.id} <> ${row.id}`))
      .get();

  /** The AppError of a unique index the write of `row` ran into; other errors as they are. */
  const uniqueConflict = (error: unknown, row: ConnectorRow): unknown => {
    if (!isUniqueViolation(error)) return error;
    if (constraintMessage(error).includes('active_slot')) return slotTaken(row, findActiveInSlot(row));
    return connectorNameTaken(row.name);
  };

  return {
    list(tenantId: string, filter: ConnectorFilter, page: PageRequest): { rows: ConnectorRow[]; total: number } {
      return pagedList(db, interopConnectors, where(tenantId, filter), [interopConnectors.name, interopConnectors.id], page);
    },
    findById(id: string): ConnectorRow | undefined {
      return db.select().from(interopConnectors).where(eq(interopConnectors.id, id)).get();
    },
    findActiveInSlot,
    insert(row: NewConnectorRow): ConnectorRow {
      try {
        return db.insert(interopConnectors).values(row).returning().get();
      } catch (error) {
        if (isUniqueViolation(error)) throw connectorNameTaken(row.name);
        throw error;
      }
    },
    update(id: string, expectedVersion: number, patch: ConnectorPatch): ConnectorRow | undefined {
      try {
        return db
          .update(interopConnectors)
          .set({ ...patch, version: sql`${interopConnectors.version} + 1` })
          .where(and(eq(interopConnectors.id, id), eq(interopConnectors.version, expectedVersion)))
          .returning()
          .get();
      } catch (error) {
        const before = db.select().from(interopConnectors).where(eq(interopConnectors.id, id)).get();
        throw before ? uniqueConflict(error, { ...before, ...patch }) : error;
      }
    },
    /** True when the stored error changed. */
    setLastError(id: string, error: string | null): boolean {
      return (
        db
          .update(interopConnectors)
          .set({ lastError: error })
          .where(and(eq(interopConnectors.id, id), sql`${interopConnectors.lastError} is not ${error}`))
          .run().changes > 0
      );
    },
    allActive(): ConnectorRow[] {
      return db.select().from(interopConnectors).where(eq(interopConnectors.status, 'active')).orderBy(interopConnectors.id).all();
    },
    delete(id: string): void {
      try {
        db.delete(interopConnectors).where(eq(interopConnectors.id, id)).run();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw connectorInUse(id);
        throw error;
      }
    },
    healthChecks(connectorId: string, page: PageRequest): { rows: HealthCheckRow[]; total: number } {
      return pagedList(db, interfaceHealthChecks, eq(interfaceHealthChecks.connectorId, connectorId), [desc(interfaceHealthChecks.checkedAt)], page);
    },
    madeFromTemplates(tenantId: string): { id: string; template: string; status: string }[] {
      const template = sql<string>`json_extract(${interopConnectors.settings}, '$.template')`;
      return db
        .select({ id: interopConnectors.id, template, status: interopConnectors.status })
        .from(interopConnectors)
        .where(and(eq(interopConnectors.tenantId, tenantId), sql`${template} is not null`))
        .all();
    },
  };
}
