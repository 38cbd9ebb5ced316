/** better-sqlite3 reports constraint failures in SqliteError.code; drizzle may wrap it as the cause. */
function sqliteCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  }
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE';
/** ON DELETE RESTRICT fails as SQLITE_CONSTRAINT_TRIGGER, deferred checks as ..._FOREIGNKEY. */
export const isForeignKeyViolation = (error: unknown): boolean => {
  const code = sqliteCode(error);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || (code === 'SQLITE_CONSTRAINT_TRIGGER' && constraintMessage(error).startsWith('FOREIGN KEY'));
};

/** The constraint text of a failure ("UNIQUE constraint failed: t.col"), for telling constraints apart. */
export function constraintMessage(error: unknown): string {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code !== undefined && e instanceof Error) return e.message;
  }
  return '';
}
