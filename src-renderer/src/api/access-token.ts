const STORAGE_KEY = 'interop.accessToken';

export interface AccessTokenState {
  token: string | null;
  /** The engine refused the current token (or its absence) and the user has not answered yet. */
  required: boolean;
}

/**
 * The bearer token for a console served over HTTP. Kept in sessionStorage: it survives a reload but goes
 * away with the tab, unlike localStorage, which would keep it for anyone who uses the browser later.
 */
export class AccessTokenStore {
  private state: AccessTokenState;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: Storage) {
    this.state = { token: storage.getItem(STORAGE_KEY), required: false };
  }

  readonly getState = (): AccessTokenState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get token(): string | null {
    return this.state.token;
  }

  markRequired(): void {
    if (!this.state.required) this.update({ ...this.state, required: true });
  }

  /** Signed in with a session cookie instead: the browser sends it, nothing to keep here. */
  signedIn(): void {
    if (this.state.required) this.update({ ...this.state, required: false });
  }

  setToken(token: string): void {
    this.storage.setItem(STORAGE_KEY, token);
    this.update({ token, required: false });
  }

  private update(next: AccessTokenState): void {
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
