import type { Health } from '../../src-shared';

export type TrayColor = 'green' | 'amber' | 'red' | 'grey';

export interface TrayLook {
  color: TrayColor;
  /** The tray icon's tooltip and the menu's first line: the state in words and its first reason. */
  summary: string;
}

/** Pure: the tray icon's colour and words for the engine's health, or for an engine that does not answer. */
export function trayLookOf(health: Health | undefined): TrayLook {
  if (!health) return { color: 'grey', summary: 'Interop Console — engine not answering' };
  const first = health.reasons[0]?.message;
  const more = health.reasons.length > 1 ? ` (+${health.reasons.length - 1} more)` : '';
  if (health.status === 'ok') return { color: 'green', summary: `Interop Console — healthy · ${health.listeners.up}/${health.listeners.expected} listeners up` };
  return { color: health.status === 'failing' ? 'red' : 'amber', summary: `Interop Console — ${health.status}: ${first ?? 'see the dashboard'}${more}` };
}

export type TrayAction = 'open-console' | 'pause-inbound' | 'resume-inbound' | 'open-data-folder' | 'toggle-start-at-login' | 'quit';

export type TrayMenuItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { kind: 'toggle'; action: TrayAction; label: string; checked: boolean };

/** Pure: the tray menu for the current look and inbound connectors (active ones can be paused, paused ones resumed). */
export function trayMenuOf(look: TrayLook, inbound: { active: number; paused: number }, startAtLogin: boolean): TrayMenuItem[] {
  return [
    { kind: 'status', label: look.summary },
    { kind: 'separator' },
    { kind: 'action', action: 'open-console', label: 'Open console', enabled: true },
    { kind: 'action', action: 'pause-inbound', label: inbound.active > 0 ? `Pause all inbound (${inbound.active})` : 'Pause all inbound', enabled: inbound.active > 0 },
    { kind: 'action', action: 'resume-inbound', label: inbound.paused > 0 ? `Resume inbound (${inbound.paused})` : 'Resume inbound', enabled: inbound.paused > 0 },
    { kind: 'action', action: 'open-data-folder', label: 'Open data folder', enabled: true },
    { kind: 'toggle', action: 'toggle-start-at-login', label: 'Start at login', checked: startAtLogin },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit Interop Console', enabled: true },
  ];
}
