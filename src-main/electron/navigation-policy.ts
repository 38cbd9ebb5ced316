import { isLoopbackHost } from '../core/loopback';

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

export interface RendererSource {
  /** `app.isPackaged`: true for an installed build. */
  packaged: boolean;
  /** ELECTRON_RENDERER_URL, which electron-vite sets to its dev server in development. */
  devServerUrl: string | undefined;
  /** The renderer file shipped with the app. */
  bundledUrl: string;
}

/**
 * The document the window loads and trusts with IPC. An installed app always loads its own file: an
 * environment variable must not be able to point a packaged app at a page that then gets the bridge.
 * A development build may use the dev server, and only on this machine over http(s).
 */
export function rendererUrlFor(source: RendererSource): string {
  if (source.packaged || source.devServerUrl === undefined) return source.bundledUrl;
  try {
    const url = new URL(source.devServerUrl);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname) ? url.href : source.bundledUrl;
  } catch {
    return source.bundledUrl;
  }
}
