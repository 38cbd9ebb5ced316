import { ErrorCode, type Result, type SessionInfo } from '@contract/index';
import { createContext, use, type ReactNode } from 'react';
import type { AccessTokenStore } from './access-token';
import { readResult } from './http-transport';

/**
 * A console in a browser signs in with a session cookie (HttpOnly: this code never sees it) or presents
 * an access token. Over IPC there is neither: the desktop renderer is the local operator.
 */
export interface BrowserSession {
  tokens: AccessTokenStore;
  whoAmI(): Promise<Result<SessionInfo>>;
  signIn(username: string, password: string): Promise<Result<SessionInfo>>;
  signOut(): Promise<void>;
}

export function createBrowserSession(tokens: AccessTokenStore, baseUrl = '', fetchFn: typeof fetch = globalThis.fetch.bind(globalThis)): BrowserSession {
  const call = async <T,>(method: string, body?: unknown): Promise<Result<T>> => {
    const headers: Record<string, string> = { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) };
    if (tokens.token) headers.Authorization = `Bearer ${tokens.token}`;
    try {
      return await readResult<T>(await fetchFn(`${baseUrl}/api/v1/session`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
    } catch (error) {
      return { ok: false, status: 0, error: { code: ErrorCode.INTEROP_UNREACHABLE, message: `The engine did not answer (${error instanceof Error ? error.message : String(error)})` } };
    }
  };
  return {
    tokens,
    whoAmI: () => call<SessionInfo>('GET'),
    signIn: (username, password) => call<SessionInfo>('POST', { username, password }),
    async signOut() {
      await call('DELETE');
      tokens.markRequired();
    },
  };
}

const BrowserSessionContext = createContext<BrowserSession | null>(null);

export function BrowserSessionProvider({ session, children }: { session: BrowserSession | null; children: ReactNode }) {
  return <BrowserSessionContext value={session}>{children}</BrowserSessionContext>;
}

/** Null under IPC (the desktop app), where nobody signs in. */
export const useBrowserSession = (): BrowserSession | null => use(BrowserSessionContext);

/** Whether a refused GET /api/v1/session says operator accounts exist, so sign-in is the way in. */
export const offersSignIn = (result: Result<SessionInfo>): boolean => !result.ok && (result.error.details as { signIn?: unknown } | undefined)?.signIn === true;
