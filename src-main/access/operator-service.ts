import type { Operator, OperatorRole } from '../../src-shared';
import type { Clock } from '../core/clock';
import { isoTime } from '../core/clock';
import type { ChangeFeed } from '../core/change-events';
import { AppError, notFound, validationFailed } from '../core/errors';
import { IdPrefix, type IdGenerator } from '../core/ids';
import type { RequestContext } from '../core/request-context';
import type { OperatorRow, OperatorsRepo } from '../store/operators-repo';
import { hashPassword, passwordMatches } from './password-hashing';

export interface NewOperator {
  username: string;
  displayName: string;
  role: OperatorRole;
  password: string;
}

export interface OperatorService {
  list(): Operator[];
  create(input: NewOperator): Promise<Operator>;
  update(id: string, changes: { displayName?: string | undefined; role?: OperatorRole | undefined; disabled?: boolean | undefined }): Operator;
  resetPassword(id: string, password: string): Promise<Operator>;
  delete(id: string): void;
  changeOwnPassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void>;
  /** Whether any account exists: then HTTP callers need credentials, also on loopback (docs/security.md). */
  any(): boolean;
}

export const operatorOf = (row: OperatorRow): Operator => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role as OperatorRole,
  disabled: row.disabled,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  lastSignInAt: row.lastSignInAt === null ? null : isoTime(row.lastSignInAt),
});

/** The rule the schema cannot check: a password that is the username is the first one guessed. */
function checkPassword(username: string, password: string, field: string): void {
  if (password.trim().toLowerCase() === username.toLowerCase()) throw validationFailed([{ path: field, message: 'must not be the username: it is the first password anyone tries' }]);
}

/**
 * Operator accounts. Disabling an operator, resetting their password or deleting them ends their sessions
 * in the same transaction; the last enabled admin can be neither disabled, demoted nor deleted.
 */
export function createOperatorService(deps: { repo: OperatorsRepo; ids: IdGenerator; clock: Clock; changes: ChangeFeed }): OperatorService {
  const { repo, clock } = deps;
  let known = repo.count() > 0;
  const rowOf = (id: string): OperatorRow => {
    const row = repo.findById(id);
    if (!row) throw notFound('operator', id);
    return row;
  };
  const keepAnAdmin = (row: OperatorRow): void => {
    if (row.role === 'admin' && !row.disabled && repo.countEnabledAdmins(row.id) === 0) {
      throw new AppError('conflict', 'INTEROP_LAST_ADMIN', `${row.username} is the last enabled admin; make another admin first`, { id: row.id });
    }
  };
  const changed = (id: string) => deps.changes.publish({ topic: 'operators', id });

  return {
    list: () => repo.list().map(operatorOf),
    async create(input) {
      checkPassword(input.username, input.password, 'password');
      const passwordHash = await hashPassword(input.password);
      const now = clock.now();
      const row = repo.transact(() => {
        if (repo.findByUsername(input.username)) throw new AppError('conflict', 'INTEROP_OPERATOR_USERNAME_TAKEN', `An operator named ${input.username} already exists`, { username: input.username });
        return repo.insert({ id: deps.ids(IdPrefix.operator), username: input.username, displayName: input.displayName, role: input.role, passwordHash, disabled: false, lastSignInAt: null, createdAt: now, updatedAt: now });
      });
      known = true;
      changed(row.id);
      return operatorOf(row);
    },
    update(id, changes) {
      const row = repo.transact(() => {
        const current = rowOf(id);
        const losesAdmin = (changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true;
        if (losesAdmin) keepAnAdmin(current);
        const next = repo.update(id, {
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.role !== undefined ? { role: changes.role } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          updatedAt: clock.now(),
        });
        if (next.disabled) repo.deleteSessionsOf(id);
        return next;
      });
      changed(id);
      return operatorOf(row);
    },
    async resetPassword(id, password) {
      checkPassword(rowOf(id).username, password, 'password');
      const passwordHash = await hashPassword(password);
      const row = repo.transact(() => {
        rowOf(id);
        repo.deleteSessionsOf(id);
        return repo.update(id, { passwordHash, updatedAt: clock.now() });
      });
      changed(id);
      return operatorOf(row);
    },
    delete(id) {
      repo.transact(() => {
        keepAnAdmin(rowOf(id));
        repo.delete(id);
      });
      known = repo.count() > 0;
      changed(id);
    },
    async changeOwnPassword(ctx, currentPassword, newPassword) {
      const principal = ctx.principal;
      if (principal?.kind !== 'operator') throw new AppError('forbidden', 'INTEROP_OPERATOR_SESSION_REQUIRED', 'Sign in as an operator to change your own password');
      const row = rowOf(principal.id);
      if (!(await passwordMatches(row.passwordHash, currentPassword))) throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
      checkPassword(row.username, newPassword, 'newPassword');
      const passwordHash = await hashPassword(newPassword);
      // Every session of the operator ends, this one too: whoever knew the old password is signed out everywhere.
      repo.transact(() => {
        repo.deleteSessionsOf(row.id);
        repo.update(row.id, { passwordHash, updatedAt: clock.now() });
      });
      changed(row.id);
    },
    any: () => known,
  };
}
