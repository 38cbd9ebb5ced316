import type { OperatorRole } from '../../src-shared';
import { ADMIN_SCOPE } from '../core/request-context';

/** What each role may do, in the scope vocabulary every surface checks (docs/security.md). */
export const ROLE_SCOPES: Record<OperatorRole, readonly string[]> = {
  admin: [ADMIN_SCOPE],
  operator: ['svc:interop:operate', 'user/*.read'],
  viewer: ['svc:interop:read', 'user/*.read'],
};

export const scopesOfRole = (role: string): readonly string[] => (Object.hasOwn(ROLE_SCOPES, role) ? ROLE_SCOPES[role as OperatorRole] : []);
