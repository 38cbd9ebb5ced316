import type { Alert, Connector, Health, OperationName } from '../../src-shared';
import type { DesktopChoicesChange, DesktopChoicesView } from '../../src-shared/desktop-choices';
import type { EngineClient } from '../api/engine-client';
import { newAlertNotices, type AlertNotice } from './alert-notices';
import { startAtLoginReason, startAtLoginWanted, type StartAtLoginChoice } from './start-at-login';
import { trayLookOf, trayMenuOf, type TrayAction, type TrayLook, type TrayMenuItem } from './tray-look';

/** The Electron parts the shell drives; the desktop entry passes real ones, tests fakes. */
export interface ShellPorts {
  engine: EngineClient;
  /** Shows the console window (creating it again if it was closed), at a console route when given. */
  showWindow(route?: string): void;
  setTray(look: TrayLook, menu: TrayMenuItem[]): void;
  notify(notice: AlertNotice, onClick: () => void): void;
  /** Asks the person whether to quit while listeners receive; true to quit. */
  confirmQuit(activeListeners: number): Promise<boolean>;
  openDataFolder(): void;
  /** Stops the engine gracefully, then ends the app. */
  quit(): Promise<void>;
  /** setInterval's shape; returns a cancel. */
  every(intervalMs: number, run: () => void): () => void;
  /** Closing the window keeps the engine receiving in the tray (the default) or quits: the kept choice, read at each close, and the environment's veto. */
  closeToTray: {
    forcedOffByEnvironment: boolean;
    chosen(): boolean;
    remember(on: boolean): void;
  };
  /** The OS's start-at-login entry for this user, and the person's remembered choice about it. */
  loginItem: {
    isOn(): boolean;
    set(on: boolean): void;
    choice(): StartAtLoginChoice;
    remember(choice: 'on' | 'off'): void;
  };
}

export const TRAY_REFRESH_MS = 10_000;

export interface DesktopShell {
  /** Draws the tray, then keeps it and the alert notices current. */
  start(): Promise<void>;
  /** The window's close button: hide it and keep running, or quit (asking first while listeners receive). */
  onWindowClose(): Promise<'hide' | 'quit' | 'stay'>;
  /** A second launch of the app: the first one shows its window instead. */
  onSecondInstance(): void;
  onTrayAction(action: TrayAction): Promise<void>;
  /** Quit from the menu or the OS: asks while listeners receive; resolves false when the person said no. */
  requestQuit(): Promise<boolean>;
  /** Start at login and close to tray as the console's Settings shows them, after a fresh look at the connectors. */
  choices(): Promise<DesktopChoicesView>;
  /** Keeps the changed choices and applies them at once (the login item, the tray's checkbox); answers the new view. */
  changeChoices(change: DesktopChoicesChange): Promise<DesktopChoicesView>;
  refresh(): Promise<void>;
  dispose(): void;
}

const INBOUND = (c: Connector): boolean => c.direction !== 'outbound';

/**
 * The desktop app's shell around the engine: the tray (colour from health, the menu's actions), desktop
 * notices for new alerts, the window's close keeping the engine running, one instance, and a quit that
 * asks while listeners receive and always stops the engine gracefully.
 */
export function createDesktopShell(ports: ShellPorts): DesktopShell {
  let seenAlerts: Set<string> | undefined;
  const cancels: (() => void)[] = [];
  let refreshing: Promise<void> | undefined;
  /** Inbound connectors in use at the engine's last answer; undefined until it has answered. */
  let connectorsInUse: number | undefined;

  const value = async <T>(name: OperationName, input: unknown): Promise<T | undefined> => {
    const result = await ports.engine.call(name, input).catch(() => undefined);
    return result?.ok ? (result.value as T) : undefined;
  };
  /** The inbound connectors with that status; undefined when the engine did not answer. */
  const connectorsIn = async (status: 'active' | 'paused'): Promise<Connector[] | undefined> => (await value<{ data: Connector[] }>('connectors.list', { status, pageSize: 500 }))?.data.filter(INBOUND);

  /**
   * Start at login as the choice and the last known connectors say; without a choice and before the engine
   * has ever answered, the login item as it is (an engine restarting is not "nothing set up").
   */
  const startAtLoginNow = (): boolean => {
    const choice = ports.loginItem.choice();
    return choice === undefined && connectorsInUse === undefined ? ports.loginItem.isOn() : startAtLoginWanted(choice, connectorsInUse ?? 0);
  };

  async function redraw(): Promise<void> {
    const [health, active, paused, alerts] = await Promise.all([
      value<Health>('system.health', {}),
      connectorsIn('active'),
      connectorsIn('paused'),
      value<{ data: Alert[] }>('alerts.list', { status: 'open', pageSize: 200 }),
    ]);
    // A list the engine did not answer (it is restarting) keeps the last known count.
    if (active && paused) connectorsInUse = active.length + paused.length;
    const wanted = startAtLoginNow();
    if (wanted !== ports.loginItem.isOn()) ports.loginItem.set(wanted);
    const look = trayLookOf(health);
    ports.setTray(look, trayMenuOf(look, { active: active?.length ?? 0, paused: paused?.length ?? 0 }, wanted));
    if (!alerts) return;
    const { notices, seen } = newAlertNotices(seenAlerts, alerts.data);
    seenAlerts = seen;
    for (const notice of notices) ports.notify(notice, () => ports.showWindow(notice.route));
  }

  const refresh = (): Promise<void> => {
    refreshing ??= redraw().finally(() => (refreshing = undefined));
    return refreshing;
  };

  /** A refresh that starts after now: one already running may have read the choices before a change. */
  const refreshAfterChange = async (): Promise<void> => {
    await refreshing;
    await refresh();
  };

  function choicesView(): DesktopChoicesView {
    const choice = ports.loginItem.choice();
    return {
      startAtLogin: { on: startAtLoginNow(), reason: startAtLoginReason(choice, connectorsInUse ?? 0), loginItemOn: ports.loginItem.isOn() },
      closeToTray: { on: ports.closeToTray.chosen(), forcedOffByEnvironment: ports.closeToTray.forcedOffByEnvironment },
    };
  }

  /** The one way start at login changes, from the tray or the console: keep the choice, then apply it and redraw the tray. */
  async function changeChoices(change: DesktopChoicesChange): Promise<DesktopChoicesView> {
    if (change.closeToTray !== undefined) ports.closeToTray.remember(change.closeToTray);
    if (change.startAtLogin !== undefined) ports.loginItem.remember(change.startAtLogin ? 'on' : 'off');
    await refreshAfterChange();
    return choicesView();
  }

  async function requestQuit(): Promise<boolean> {
    const health = await value<Health>('system.health', {});
    const listening = health?.listeners.up ?? 0;
    if (listening > 0 && !(await ports.confirmQuit(listening))) return false;
    for (const cancel of cancels.splice(0)) cancel();
    await ports.quit();
    return true;
  }

  async function setInbound(to: 'paused' | 'active'): Promise<void> {
    const targets = await connectorsIn(to === 'paused' ? 'active' : 'paused');
    for (const connector of targets ?? []) await ports.engine.call(to === 'paused' ? 'connectors.pause' : 'connectors.activate', { id: connector.id });
    await refresh();
  }

  return {
    async start() {
      await refresh();
      cancels.push(ports.every(TRAY_REFRESH_MS, () => void refresh()));
      cancels.push(
        ports.engine.onChange((change) => {
          if (change.topic === 'alerts' || change.topic === 'connectors') void refresh();
        }),
      );
    },
    async onWindowClose() {
      if (!ports.closeToTray.forcedOffByEnvironment && ports.closeToTray.chosen()) return 'hide';
      return (await requestQuit()) ? 'quit' : 'stay';
    },
    onSecondInstance: () => ports.showWindow(),
    async onTrayAction(action) {
      if (action === 'open-console') ports.showWindow();
      else if (action === 'open-data-folder') ports.openDataFolder();
      else if (action === 'pause-inbound') await setInbound('paused');
      else if (action === 'resume-inbound') await setInbound('active');
      else if (action === 'toggle-start-at-login') await changeChoices({ startAtLogin: !ports.loginItem.isOn() });
      else await requestQuit();
    },
    requestQuit,
    async choices() {
      await refreshAfterChange();
      return choicesView();
    },
    changeChoices,
    refresh,
    dispose() {
      for (const cancel of cancels.splice(0)) cancel();
    },
  };
}
