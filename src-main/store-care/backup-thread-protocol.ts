/** What crosses to and from the backup thread (data only). */
export interface BackupThreadData {
  dataDir: string;
  /** The database files to copy, in this order. */
  files: readonly string[];
  destination: string;
  nativeBinding?: string | undefined;
}

export type FromBackupThread = { type: 'done' } | { type: 'failed'; error: string };
