import { AppError } from './errors';

/** The scope that grants every operation and every FHIR interaction. */
export const ADMIN_SCOPE = 'svc:interop:admin';

/**
 * Who a request acts as, once its credentials were checked (api/http-auth.ts): the desktop operator over
 * IPC, a loopback caller when no credentials are required, the configured access token, an API client or
 * a signed-in operator. Scopes are checked per operation and per FHIR interaction.
 */
export interface Principal {
  kind: 'desktop' | 'local' | 'access-token' | 'api-client' | 'operator';
  /** Stable and never secret: what the audit log names (`desktop`, `local:127.0.0.1`, a client or operator id). */
  id: string;
  scopes: readonly string[];
  /** The one tenant this principal may act in; undefined when it may act in any. */
  tenantId: string | undefined;
}

/** Who is calling: every tenant-owned read and write is checked against `tenantId`. */
export interface RequestContext {
  tenantId: string;
  actor: string;
  /** Set by the transports; work the engine starts itself (jobs, seeding) has none. */
  principal?: Principal;
  /** The caller's address over HTTP. */
  remoteAddress?: string;
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
