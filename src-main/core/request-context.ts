import { AppError } from './errors';

/** Who is calling: every tenant-owned read and write is checked against `tenantId`. */
export interface RequestContext {
  tenantId: string;
  actor: string;
}

export function assertSameTenant(rowTenantId: string, ctx: RequestContext): void {
  if (rowTenantId !== ctx.tenantId) {
    throw new AppError('forbidden', 'INTEROP_TENANT_MISMATCH', 'The resource belongs to another tenant');
  }
}

export const versionConflict = (entity: string, id: string, expected: number, current: number): AppError =>
  new AppError('conflict', 'INTEROP_VERSION_CONFLICT', `${entity} ${id} was changed by someone else (version ${current}, you sent ${expected})`, {
    expectedVersion: expected,
    currentVersion: current,
  });
