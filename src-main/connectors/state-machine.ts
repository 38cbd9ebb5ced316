import type { ConnectorStatus } from '../../src-shared';

export const ConnectorAction = { activate: 'activate', pause: 'pause', deactivate: 'deactivate' } as const;
export type ConnectorAction = (typeof ConnectorAction)[keyof typeof ConnectorAction];

/** configured → active ⇄ paused → inactive; an inactive connector may be activated again. */
const transitions: Record<ConnectorAction, Partial<Record<ConnectorStatus, ConnectorStatus>>> = {
  activate: { configured: 'active', paused: 'active', inactive: 'active' },
  pause: { active: 'paused' },
  deactivate: { configured: 'inactive', active: 'inactive', paused: 'inactive' },
};

export function nextStatus(current: ConnectorStatus, action: ConnectorAction): ConnectorStatus | undefined {
  return transitions[action][current];
}

export const allowedActions = (current: ConnectorStatus): ConnectorAction[] =>
  (Object.keys(transitions) as ConnectorAction[]).filter((a) => transitions[a][current] !== undefined);
