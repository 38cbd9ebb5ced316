import type { JournalRepo } from '../../store/journal-repo';
import type { OutboundItemsRepo } from '../../store/outbound-items-repo';
import type { RoutingRuleRow } from '../../store/routing-rules-repo';

/** The payload kind of a queued upstream write: `{ resourceType, id }`, whose current local version is sent. */
export const UPSTREAM_WRITE_KIND = 'fhir-upstream-write';
/** One FIFO lane per routing rule: its upstream server gets the queued writes in the order they were made. */
export const upstreamLaneKey = (ruleId: string): string => `rule:${ruleId}`;

const TYPE_AND_ID = /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})$/;

export interface UpstreamQueue {
  /**
   * In the caller's transaction (the local write's): the FhirWriteQueued event (subscriptions see it)
   * and an outbound item for the rule's upstream server. `aggregateId` is `Type/id`; a write that does
   * not name one resource is written as a dead item with the reason, never dropped.
   */
  queue(tenantId: string, rule: RoutingRuleRow, method: string, aggregateId: string, now: number): void;
}

export function createUpstreamQueue(deps: { journal: JournalRepo; items: Pick<OutboundItemsRepo, 'enqueue'> }): UpstreamQueue {
  return {
    queue(tenantId, rule, method, aggregateId, now) {
      deps.journal.appendEvent({ tenantId, type: 'FhirWriteQueued', aggregateType: 'fhir_resource', aggregateId, payload: { method, serviceUrl: rule.serviceUrl, ruleId: rule.id } }, now);
      const named = TYPE_AND_ID.exec(aggregateId);
      const target = named ? { resourceType: named[1], id: named[2] } : { write: aggregateId };
      const base = { tenantId, routeId: null, destinationConnectorId: null, routingRuleId: rule.id, laneKey: upstreamLaneKey(rule.id), messageId: null, payloadKind: UPSTREAM_WRITE_KIND, payload: Buffer.from(JSON.stringify(target), 'utf8'), controlId: null };
      deps.items.enqueue(
        [named ? { ...base, status: 'pending' } : { ...base, status: 'dead', errorCode: 'OUTBOUND_PAYLOAD_FAILED', error: `The queued ${method} does not name one resource (Type/id), so it cannot be replayed` }],
        now,
      );
    },
  };
}
