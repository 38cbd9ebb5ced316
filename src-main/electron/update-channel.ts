import { DEFAULT_UPDATE_SETTINGS, UpdateSettings, type UpdateState, type UpdateView } from '../../src-shared/desktop-updates';
import { failedCheck, updatePlan } from './update-policy';

/** The slice of electron-updater's AppUpdater the channel drives; tests pass an EventEmitter fake. */
export interface UpdaterPort {
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void;
  channel: string | null;
  allowPrerelease: boolean;
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: () => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** Where the settings are kept (the desktop settings file), read and written whole. */
export interface UpdateSettingsStore {
  read(): unknown;
  write(settings: UpdateSettings): void;
}

/** How often an enabled channel looks for an update. */
export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60_000;

export interface UpdateChannelDeps {
  /** Made on first use, so a channel that is off never loads electron-updater. */
  updater: () => UpdaterPort;
  store: UpdateSettingsStore;
  env: { INTEROP_UPDATES?: string | undefined };
  packaged: boolean;
  now: () => number;
  every: (intervalMs: number, run: () => void) => () => void;
}

/**
 * The desktop's update channel (electron-updater, generic provider): off by default and whenever no
 * feed URL is configured or INTEROP_UPDATES=off; when on, it checks at start and every six hours,
 * downloads in the background and installs on quit. Nothing it meets — an offline site, a feed that
 * answers an error — shows a dialog or throws: it becomes the state the console's Settings show.
 */
export function createUpdateChannel(deps: UpdateChannelDeps) {
  let state: UpdateState = { status: 'idle' };
  let port: UpdaterPort | undefined;
  let cancelTimer: (() => void) | undefined;
  let lastCheckedAt: string | undefined;

  const settings = (): UpdateSettings => {
    const parsed = UpdateSettings.safeParse(deps.store.read());
    return parsed.success ? parsed.data : DEFAULT_UPDATE_SETTINGS;
  };
  const view = (): UpdateView => {
    const plan = updatePlan(settings(), deps.env, deps.packaged);
    return { settings: settings(), state: plan.check ? state : plan.state };
  };
  const stamp = (): string => (lastCheckedAt = new Date(deps.now()).toISOString());

  function updater(): UpdaterPort {
    if (port) return port;
    const made = deps.updater();
    made.autoDownload = true;
    made.autoInstallOnAppQuit = true;
    made.on('update-available', (info) => (state = { status: 'downloading', version: info.version, checkedAt: stamp() }));
    made.on('update-downloaded', (info) => (state = { status: 'ready', version: info.version, checkedAt: stamp() }));
    made.on('update-not-available', () => (state = { status: 'up-to-date', checkedAt: stamp() }));
    // Without an 'error' listener an EventEmitter throws: an offline check would end the app.
    made.on('error', (error) => (state = failedCheck(error, stamp())));
    return (port = made);
  }

  async function checkNow(): Promise<UpdateView> {
    const current = settings();
    if (!updatePlan(current, deps.env, deps.packaged).check) return view();
    if (state.status === 'ready' || state.status === 'downloading') return view();
    try {
      const target = updater();
      target.setFeedURL({ provider: 'generic', url: current.feedUrl, channel: current.channel });
      target.channel = current.channel;
      target.allowPrerelease = current.channel === 'beta';
      state = { status: 'checking', ...(lastCheckedAt ? { checkedAt: lastCheckedAt } : {}) };
      await target.checkForUpdates();
      if (state.status === 'checking') state = { status: 'up-to-date', checkedAt: stamp() };
    } catch (error) {
      state = failedCheck(error, stamp());
    }
    return view();
  }

  function schedule(): void {
    cancelTimer?.();
    cancelTimer = undefined;
    if (!updatePlan(settings(), deps.env, deps.packaged).check) return;
    cancelTimer = deps.every(UPDATE_CHECK_INTERVAL_MS, () => void checkNow());
    void checkNow();
  }

  return {
    view,
    checkNow,
    /** Starts the periodic checks when the channel is on. */
    start: schedule,
    /** Keeps new settings (already validated) and checks at once when they turn the channel on. */
    configure(next: UpdateSettings): UpdateView {
      deps.store.write(next);
      state = { status: 'idle' };
      schedule();
      return view();
    },
    dispose(): void {
      cancelTimer?.();
    },
  };
}
export type UpdateChannel = ReturnType<typeof createUpdateChannel>;
