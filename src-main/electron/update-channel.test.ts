import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { UpdateSettings } from '../../src-shared/desktop-updates';
import { createUpdateChannel, UPDATE_CHECK_INTERVAL_MS, type UpdaterPort } from './update-channel';
import { failedCheck, updatesOffByEnvironment } from './update-policy';

/** electron-updater's AppUpdater as the channel sees it: feeds set, checks made; each check runs `answer`. */
class FakeUpdater extends EventEmitter implements UpdaterPort {
  channel: string | null = null;
  allowPrerelease = false;
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feeds: unknown[] = [];
  checks = 0;
  constructor(private readonly answer: (updater: FakeUpdater) => Promise<unknown>) {
    super();
  }
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    return this.answer(this);
  }
}

const ON: UpdateSettings = { enabled: true, feedUrl: 'https://updates.example.org/interop', channel: 'latest' };

function channelWith(saved: unknown, answer: (updater: FakeUpdater) => Promise<unknown> = async (u) => u.emit('update-not-available'), env: Record<string, string> = {}) {
  let stored = saved;
  const timers: number[] = [];
  let made: FakeUpdater | undefined;
  const channel = createUpdateChannel({
    updater: () => (made = new FakeUpdater(answer)),
    store: { read: () => stored, write: (next) => (stored = next) },
    env,
    packaged: true,
    now: () => Date.parse('2026-12-07T10:00:00Z'),
    every: (ms) => (timers.push(ms), () => timers.splice(0)),
  });
  return { channel, timers, stored: () => stored, made: () => made };
}

describe('the desktop update channel', () => {
  it('is off by default and without a feed URL, and then never loads the updater nor checks', async () => {
    const fresh = channelWith(undefined);
    fresh.channel.start();
    expect(await fresh.channel.checkNow()).toEqual({ settings: { enabled: false, feedUrl: '', channel: 'latest' }, state: { status: 'off', reason: 'disabled' } });
    expect(fresh.made()).toBeUndefined();
    expect(fresh.timers).toEqual([]);
    const noFeed = channelWith({ ...ON, feedUrl: '' });
    expect((await noFeed.channel.checkNow()).state).toEqual({ status: 'off', reason: 'no-feed-url' });
    expect(noFeed.made()).toBeUndefined();
  });

  it('stays off under INTEROP_UPDATES=off whatever the settings say', async () => {
    const site = channelWith(ON, undefined, { INTEROP_UPDATES: 'off' });
    site.channel.start();
    expect((await site.channel.checkNow()).state).toEqual({ status: 'off', reason: 'environment' });
    expect(site.made()).toBeUndefined();
    expect(['off', 'OFF', '0', 'false', 'no'].map(updatesOffByEnvironment)).toEqual([true, true, true, true, true]);
    expect(updatesOffByEnvironment(undefined)).toBe(false);
  });

  it('checks the generic feed on the chosen channel, every six hours once on, and says it is up to date', async () => {
    const on = channelWith({ ...ON, channel: 'beta' });
    on.channel.start();
    expect(on.timers).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    const view = await on.channel.checkNow();
    expect(view.state).toEqual({ status: 'up-to-date', checkedAt: '2026-12-07T10:00:00.000Z' });
    const updater = on.made() as FakeUpdater;
    expect(updater.feeds.at(-1)).toEqual({ provider: 'generic', url: 'https://updates.example.org/interop', channel: 'beta' });
    expect([updater.channel, updater.allowPrerelease, updater.autoDownload, updater.autoInstallOnAppQuit]).toEqual(['beta', true, true, true]);
  });

  it('shows an offline site as offline, neither throwing nor alerting, whether the updater rejects, emits error, or both', async () => {
    const offline = Object.assign(new Error('getaddrinfo ENOTFOUND updates.example.org'), { code: 'ENOTFOUND' });
    const both = channelWith(ON, async (u) => {
      u.emit('error', offline);
      throw offline;
    });
    await expect(both.channel.checkNow()).resolves.toMatchObject({ state: { status: 'offline' } });
    const emitted = channelWith(ON, async (u) => u.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED')));
    expect((await emitted.channel.checkNow()).state).toMatchObject({ status: 'offline' });
    const refused = channelWith(ON, async () => {
      throw Object.assign(new Error('HttpError: 404 https://updates.example.org/interop/latest.yml'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' });
    });
    expect((await refused.channel.checkNow()).state).toEqual({ status: 'error', code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND', checkedAt: '2026-12-07T10:00:00.000Z' });
  });

  it('takes an error the updater emits outside a check (its background download) as the offline state, not a crash', async () => {
    const downloading = channelWith(ON, async (u) => u.emit('update-available', { version: '1.4.0' }));
    expect((await downloading.channel.checkNow()).state).toMatchObject({ status: 'downloading', version: '1.4.0' });
    expect(() => downloading.made()?.emit('error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).not.toThrow();
    expect(downloading.channel.view().state).toMatchObject({ status: 'offline' });
  });

  it('downloads an available update and shows it ready to install on quit, without checking again meanwhile', async () => {
    const available = channelWith(ON, async (u) => {
      u.emit('update-available', { version: '1.4.0' });
      u.emit('update-downloaded', { version: '1.4.0' });
    });
    expect((await available.channel.checkNow()).state).toMatchObject({ status: 'ready', version: '1.4.0' });
    await available.channel.checkNow();
    expect(available.made()?.checks).toBe(1);
  });

  it('keeps new settings, starts checking when they turn it on and stops when they turn it off', async () => {
    const later = channelWith(undefined);
    expect(later.channel.configure(ON).settings).toEqual(ON);
    expect(later.stored()).toEqual(ON);
    expect(later.timers).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    expect(later.channel.configure({ ...ON, enabled: false }).state).toEqual({ status: 'off', reason: 'disabled' });
    expect(later.timers).toEqual([]);
  });

  it('names a failure by its code only, never by the message text a URL could be in', () => {
    expect(failedCheck(new Error('https://user:secret@feed/latest.yml failed'), 't')).toEqual({ status: 'error', code: 'UPDATE_CHECK_FAILED', checkedAt: 't' });
  });
});
