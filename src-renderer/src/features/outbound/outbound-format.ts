import type { OutboundItemStatus } from '@contract/outbound';

/** A wait as an operator reads it: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function formatAge(ms: number | null): string {
  if (ms === null || ms < 0) return '—';
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

export type ItemAction = 'retryNow' | 'skip' | 'requeue';

/** What the engine accepts per status (anything else is 409 INTEROP_OUTBOUND_ITEM_STATE); an in-flight item refuses every action. */
const actionsByStatus: Record<OutboundItemStatus, readonly ItemAction[]> = {
  pending: ['retryNow', 'skip'],
  failed: ['retryNow', 'skip'],
  in_flight: [],
  delivered: [],
  dead: ['requeue'],
  skipped: ['requeue'],
};

export const itemActionAllowed = (status: OutboundItemStatus, action: ItemAction): boolean => actionsByStatus[status].includes(action);

/** "CODE: text", either part alone, or null when there was no error. */
export function errorLine(code: string | null, text: string | null): string | null {
  if (code && text) return `${code}: ${text}`;
  return code ?? text ?? null;
}

/** A destination row's key: its outbound connector, or for a routing rule's queued upstream writes the rule's lane. */
export const destinationKey = (d: { destinationConnectorId: string | null; routingRuleId: string | null }): string => d.destinationConnectorId ?? `rule:${d.routingRuleId ?? ''}`;

/** How to ask for a destination's items: by its connector, or by the rule's one lane. */
export const itemsFilterOf = (d: { destinationConnectorId: string | null; routingRuleId: string | null }): { destinationConnectorId: string } | { laneKey: string } =>
  d.destinationConnectorId ? { destinationConnectorId: d.destinationConnectorId } : { laneKey: destinationKey(d) };
