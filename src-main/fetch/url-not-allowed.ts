import { AppError } from '../core/errors';

/**
 * Refuses to save an administrator's URL the outbound policy would refuse (FetchPolicy.configuredRefusal: a
 * link-local address, the engine's own port): 422 INTEROP_URL_NOT_ALLOWED naming the field and the rule.
 */
export function assertUrlAllowed(field: string, url: string | null | undefined, refusal: (url: string) => string | undefined): void {
  const rule = url ? refusal(url) : undefined;
  if (rule) throw new AppError('validation', 'INTEROP_URL_NOT_ALLOWED', `The ${field === 'serviceUrl' ? 'service URL' : 'URL'} is not allowed: ${rule}`, { field, rule });
}
