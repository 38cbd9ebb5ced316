/**
 * The renderer is loaded from one origin (the packaged file or the dev server); IPC calls and
 * navigation are only trusted from that same document.
 */
export function isSameDocument(candidateUrl: string, rendererUrl: string): boolean {
  try {
    const candidate = new URL(candidateUrl);
    const expected = new URL(rendererUrl);
    if (candidate.protocol !== expected.protocol) return false;
    if (expected.protocol === 'file:') return candidate.pathname === expected.pathname;
    return candidate.origin === expected.origin;
  } catch {
    return false;
  }
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
