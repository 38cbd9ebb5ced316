import type Database from 'better-sqlite3';

export type Transact = <T>(work: () => T) => T;

/** BEGIN IMMEDIATE: takes the write lock up front so a transaction never fails half-way on an upgrade. */
export const createTransact =
  (sqlite: Database.Database): Transact =>
  (work) =>
    sqlite.transaction(work).immediate();
