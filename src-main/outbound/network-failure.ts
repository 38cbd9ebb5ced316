/**
 * Why a request got no answer, as the socket or TLS layer named it (`ECONNREFUSED`, `ENOTFOUND`,
 * `UNABLE_TO_VERIFY_LEAF_SIGNATURE`): fetch throws a bare `TypeError: fetch failed` and keeps the reason
 * in its `cause`. Only the code is taken, never a message, which can carry the URL.
 */
export function networkFailureName(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const { code } = current as { code?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code)) return code;
    current = current.cause;
  }
  return error instanceof Error ? error.name : 'error';
}
