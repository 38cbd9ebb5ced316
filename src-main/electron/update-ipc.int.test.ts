import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IPC_UPDATES_CHECK, IPC_UPDATES_CONFIGURE, IPC_UPDATES_VIEW } from '../../src-shared/bridge';
import type { IpcInvokeEventLike } from '../api/ipc';
import { createUpdateChannel } from './update-channel';
import { desktopUpdateStore, registerUpdateIpc } from './update-ipc';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function setUp() {
  const userData = mkdtempSync(join(tmpdir(), 'updates-'));
  dirs.push(userData);
  writeFileSync(join(userData, 'desktop-settings.json'), JSON.stringify({ startAtLogin: 'off' }));
  const channel = createUpdateChannel({ updater: () => { throw new Error('not loaded while off'); }, store: desktopUpdateStore(userData), env: {}, packaged: false, now: () => 0, every: () => () => undefined });
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  const unregister = registerUpdateIpc({ handle: (name, listener) => void handlers.set(name, listener), removeHandler: (name) => void handlers.delete(name) }, channel, (url) => url === 'file:///app/index.html');
  const from = (url: string | null) => (name: string, ...args: unknown[]) => handlers.get(name)?.({ senderFrame: url === null ? null : { url } }, ...args);
  return { userData, handlers, unregister, console: from('file:///app/index.html'), stranger: from('https://attacker.example/') };
}

describe('the update channel over IPC', () => {
  it('answers the console its settings and state, keeps valid settings in the desktop settings file beside the other choices, and refuses invalid ones field by field', async () => {
    const { userData, console } = setUp();
    expect(await console(IPC_UPDATES_VIEW)).toEqual({ ok: true, value: { settings: { enabled: false, feedUrl: '', channel: 'latest' }, state: { status: 'off', reason: 'disabled' } } });
    const saved = await console(IPC_UPDATES_CONFIGURE, { enabled: true, feedUrl: 'https://updates.example.org/interop', channel: 'beta' });
    expect(saved).toEqual({ ok: true, value: { settings: { enabled: true, feedUrl: 'https://updates.example.org/interop', channel: 'beta' }, state: { status: 'off', reason: 'not-packaged' } } });
    expect(JSON.parse(readFileSync(join(userData, 'desktop-settings.json'), 'utf8'))).toEqual({ startAtLogin: 'off', updates: { enabled: true, feedUrl: 'https://updates.example.org/interop', channel: 'beta' } });
    expect(await console(IPC_UPDATES_CONFIGURE, { enabled: true, feedUrl: 'file:///etc/passwd', channel: 'nightly' })).toMatchObject({ ok: false, status: 422, error: { code: 'INTEROP_VALIDATION_FAILED', details: { fields: { feedUrl: [expect.any(String)], channel: [expect.any(String)] } } } });
    expect(await console(IPC_UPDATES_CHECK)).toMatchObject({ ok: true, value: { state: { status: 'off' } } });
  });

  it('answers any other frame 403 and changes nothing, and unregisters its channels', async () => {
    const { userData, stranger, handlers, unregister } = setUp();
    expect(await stranger(IPC_UPDATES_CONFIGURE, { enabled: true, feedUrl: 'https://evil.example', channel: 'latest' })).toMatchObject({ ok: false, status: 403 });
    expect(await stranger(IPC_UPDATES_VIEW)).toMatchObject({ ok: false, status: 403 });
    expect(JSON.parse(readFileSync(join(userData, 'desktop-settings.json'), 'utf8'))).toEqual({ startAtLogin: 'off' });
    unregister();
    expect(handlers.size).toBe(0);
  });
});
