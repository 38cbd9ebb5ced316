import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Operator } from '../../src-shared';
import { NewPassword, Username } from '../../src-shared';
import { ChangeFeed } from '../core/change-events';
import { systemClock } from '../core/clock';
import { AppError, validationFailed } from '../core/errors';
import { createIdGenerator } from '../core/ids';
import { lockDataDir } from '../store/data-dir-lock';
import { openStore } from '../store/open-store';
import { createOperatorsRepo } from '../store/operators-repo';
import { privateDir } from '../store/private-files';
import { createTransact } from '../store/transact';
import { createOperatorService } from './operator-service';

/**
 * `--create-admin`: makes an admin account in a data directory no engine is running on, then closes it.
 * The password comes from the environment or standard input, never the command line (which `ps` shows).
 */
export async function createAdmin(options: { dataDir: string; databaseFile: string; username: string; password: string; nativeBinding?: string | undefined }): Promise<Operator> {
  const username = Username.safeParse(options.username);
  if (!username.success) throw validationFailed([{ path: 'username', message: username.error.issues[0]?.message ?? 'is not a username' }]);
  const password = NewPassword.safeParse(options.password);
  if (!password.success) throw validationFailed([{ path: 'password', message: password.error.issues[0]?.message ?? 'is not usable' }]);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  privateDir(options.dataDir);
  const lock = lockDataDir(options.dataDir);
  try {
    const store = openStore({ file: join(options.dataDir, options.databaseFile), ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    try {
      const service = createOperatorService({ repo: createOperatorsRepo(store.db, createTransact(store.sqlite)), ids: createIdGenerator(), clock: systemClock, changes: new ChangeFeed() });
      return await service.create({ username: username.data, displayName: username.data, role: 'admin', password: password.data });
    } finally {
      store.close();
    }
  } finally {
    lock.release();
  }
}

/** The first line of standard input (a pipe, a here-string or a terminal), without its line end. */
export async function readPasswordLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '') throw new AppError('validation', 'INTEROP_VALIDATION_FAILED', 'No password given: set INTEROP_ADMIN_PASSWORD or write it on standard input');
  return line;
}
