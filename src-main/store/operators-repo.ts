import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { operatorSessions, operators } from '../../db/schema';
import type { Db } from './open-store';
import type { Transact } from './transact';

export type OperatorRow = typeof operators.$inferSelect;
export type NewOperatorRow = typeof operators.$inferInsert;
export type OperatorSessionRow = typeof operatorSessions.$inferSelect;

/** Operators (`operators`) and their sessions (`operator_sessions`): a session goes with its operator. */
export interface OperatorsRepo {
  transact: Transact;
  count(): number;
  /** Enabled admins other than `exceptId`: there must stay at least one. */
  countEnabledAdmins(exceptId: string): number;
  list(): OperatorRow[];
  findById(id: string): OperatorRow | undefined;
  findByUsername(username: string): OperatorRow | undefined;
  insert(row: NewOperatorRow): OperatorRow;
  update(id: string, changes: Partial<Pick<OperatorRow, 'displayName' | 'role' | 'disabled' | 'passwordHash' | 'updatedAt'>>): OperatorRow;
  markSignedIn(id: string, at: number): void;
  delete(id: string): void;
  insertSession(row: OperatorSessionRow): void;
  /** The session with its operator, by the hash of its id. */
  findSession(idHash: string): { session: OperatorSessionRow; operator: OperatorRow } | undefined;
  touchSession(idHash: string, at: number): void;
  deleteSession(idHash: string): void;
  /** Ends every session of an operator (disabled, password reset); the number ended. */
  deleteSessionsOf(operatorId: string): number;
  /** Removes sessions past their absolute end or idle since `idleBefore`. */
  deleteExpiredSessions(now: number, idleBefore: number): number;
}

export function createOperatorsRepo(db: Db, transact: Transact): OperatorsRepo {
  return {
    transact,
    count: () => db.select({ n: count() }).from(operators).get()?.n ?? 0,
    countEnabledAdmins: (exceptId) =>
      db
        .select({ n: count() })
        .from(operators)
        .where(and(eq(operators.role, 'admin'), eq(operators.disabled, false), ne(operators.id, exceptId)))
        .get()?.n ?? 0,
    list: () => db.select().from(operators).orderBy(asc(operators.username)).all(),
    findById: (id) => db.select().from(operators).where(eq(operators.id, id)).get(),
    findByUsername: (username) => db.select().from(operators).where(eq(operators.username, username)).get(),
    insert: (row) => db.insert(operators).values(row).returning().get(),
    update: (id, changes) => {
      const row = db.update(operators).set(changes).where(eq(operators.id, id)).returning().get();
      if (!row) throw new Error(`operator ${id} vanished inside its transaction`);
      return row;
    },
    markSignedIn: (id, at) => void db.update(operators).set({ lastSignInAt: at }).where(eq(operators.id, id)).run(),
    delete: (id) => void db.delete(operators).where(eq(operators.id, id)).run(),
    insertSession: (row) => void db.insert(operatorSessions).values(row).run(),
    findSession: (idHash) => {
      const found = db.select().from(operatorSessions).innerJoin(operators, eq(operators.id, operatorSessions.operatorId)).where(eq(operatorSessions.idHash, idHash)).get();
      return found && { session: found.operator_sessions, operator: found.operators };
    },
    touchSession: (idHash, at) => void db.update(operatorSessions).set({ lastSeenAt: at }).where(eq(operatorSessions.idHash, idHash)).run(),
    deleteSession: (idHash) => void db.delete(operatorSessions).where(eq(operatorSessions.idHash, idHash)).run(),
    deleteSessionsOf: (operatorId) => db.delete(operatorSessions).where(eq(operatorSessions.operatorId, operatorId)).run().changes,
    deleteExpiredSessions: (now, idleBefore) =>
      db
        .delete(operatorSessions)
        .where(sql`${operatorSessions.expiresAt} <= ${now} OR ${operatorSessions.lastSeenAt} < ${idleBefore}`)
        .run().changes,
  };
}
