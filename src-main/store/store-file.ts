/** The store's SQLite file in the data directory (its intake journal is INTAKE_JOURNAL_FILE beside it). */
export const DATABASE_FILE = 'interop.db';
