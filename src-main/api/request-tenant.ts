import type { Principal } from '../core/request-context';
import type { Refusal } from './http-guard';

export const TENANT_HEADER = 'x-interop-tenant';
const TENANT_ID = /^TEN_[A-Z0-9_]{1,64}$/;

/**
 * The tenant a request acts in: a principal bound to a tenant acts only in it (naming another in
 * X-Interop-Tenant is refused); an unbound one may name an existing tenant; otherwise the server's.
 */
export function requestTenant(principal: Principal | undefined, header: string | undefined, serverTenant: string, exists: (id: string) => boolean): string | Refusal {
  if (header === undefined) return principal?.tenantId ?? serverTenant;
  if (!TENANT_ID.test(header)) return { status: 400, code: 'INTEROP_BAD_REQUEST', message: 'X-Interop-Tenant must be a TEN_ id' };
  if (principal?.tenantId !== undefined) {
    return header === principal.tenantId ? header : { status: 403, code: 'INTEROP_TENANT_MISMATCH', message: 'These credentials are bound to another tenant' };
  }
  return exists(header) ? header : { status: 404, code: 'INTEROP_TENANT_NOT_FOUND', message: `No tenant ${header}` };
}
