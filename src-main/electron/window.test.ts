import { beforeAll, describe, expect, it, vi } from 'vitest';

/** Electron's main-process API, recorded: the window's options and the handlers window.ts installs (no Electron binary here). */
const recorded = vi.hoisted(() => ({
  options: undefined as { webPreferences?: Record<string, unknown> } | undefined,
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  openHandler: undefined as ((details: { url: string }) => { action: string }) | undefined,
  permission: undefined as ((...args: unknown[]) => void) | undefined,
  headers: undefined as ((details: { responseHeaders: Record<string, string[]> }, callback: (r: unknown) => void) => void) | undefined,
  opened: [] as string[],
  loaded: [] as string[],
}));

vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => void (recorded.openHandler = handler),
      on: (name: string, handler: (...args: unknown[]) => unknown) => void recorded.handlers.set(name, handler),
    };
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      recorded.options = options;
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      recorded.loaded.push(url);
      return Promise.resolve();
    }
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => void (recorded.permission = handler),
      webRequest: { onHeadersReceived: (handler: typeof recorded.headers) => void (recorded.headers = handler) },
    },
  },
  shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
}));

const RENDERER = 'file:///opt/interop/resources/app.asar/out/renderer/index.html';

describe('the console window', () => {
  beforeAll(async () => {
    const { createMainWindow } = await import('./window');
    createMainWindow({ preloadPath: '/opt/interop/out/preload/index.mjs', rendererUrl: RENDERER });
  });

  it('isolates and sandboxes the renderer with no Node integration anywhere and web security on', () => {
    expect(recorded.options?.webPreferences).toEqual({
      preload: '/opt/interop/out/preload/index.mjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    });
    expect(recorded.options?.webPreferences).not.toHaveProperty('enableRemoteModule');
    expect(recorded.loaded).toEqual([RENDERER]);
  });

  it('blocks navigation to any other document and keeps hash routes', () => {
    const navigate = recorded.handlers.get('will-navigate')!;
    for (const [url, blocked] of [[`${RENDERER}#/connectors`, false], ['https://evil.example/', true], ['file:///tmp/evil.html', true], ['javascript:alert(1)', true]] as const) {
      const event = { preventDefault: vi.fn() };
      navigate(event, url);
      expect(event.preventDefault.mock.calls.length > 0, url).toBe(blocked);
    }
  });

  it('denies every new window, opening plain https links in the browser only', () => {
    recorded.opened.length = 0;
    expect(recorded.openHandler!({ url: 'https://hl7.org/' })).toEqual({ action: 'deny' });
    expect(recorded.openHandler!({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(recorded.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(recorded.opened).toEqual(['https://hl7.org/']);
  });

  it('refuses webviews and every permission request, and sets the content security policy on every response', () => {
    const event = { preventDefault: vi.fn() };
    recorded.handlers.get('will-attach-webview')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    const answer = vi.fn();
    recorded.permission!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    let headers: unknown;
    recorded.headers!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = r));
    expect(headers).toMatchObject({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [expect.stringContaining("default-src 'self'")] } });
  });
});
