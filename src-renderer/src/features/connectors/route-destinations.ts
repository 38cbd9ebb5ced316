import type { OutboundRoute } from '@contract/outbound';

/** Source connector id → the names of the destinations its enabled routes send to, each once, in route order. */
export function destinationsBySource(routes: readonly OutboundRoute[], names: ReadonlyMap<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const route of routes) {
    if (!route.enabled) continue;
    const name = names.get(route.destinationConnectorId) ?? route.destinationConnectorId;
    const list = out.get(route.sourceConnectorId) ?? [];
    if (!list.includes(name)) list.push(name);
    out.set(route.sourceConnectorId, list);
  }
  return out;
}
