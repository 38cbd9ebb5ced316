import type { Bundle } from '@medplum/fhirtypes';
import type { OutboundPayloadSpec, OutboundRouteFilter } from '../../src-shared';
import { AppError } from '../core/errors';
import type { Hl7Message } from '../hl7';
import type { OutboundDraft } from '../store/outbound-items-repo';
import type { OutboundRouteRow } from '../store/outbound-routes-repo';
import { laneKeyOf, routeMatches } from './route-match';
import { stringifyFhirJson } from '../fhir/fhir-json-text';

/** A message processing has just committed as processed. */
export interface ProcessedMessage {
  id: string;
  tenantId: string;
  connectorId: string;
  raw: Buffer;
}

export interface OutboundPlannerDeps {
  /** The enabled routes whose source is the connector. */
  routesFrom(sourceConnectorId: string): OutboundRouteRow[];
  /** HL7 v2 made from the mapped Bundle by a stored FHIR → HL7 profile, with `controlId` as MSH-10; throws an AppError when it cannot be made. */
  fhirToHl7(tenantId: string, profileId: string, bundle: Bundle, controlId: string): string;
  /** A new MSH-10 for a message the engine makes. */
  newControlId(): string;
}

export interface OutboundPlanner {
  /** Forget the routes read for the last batch: each batch reads them once per source connector. */
  beginBatch(): void;
  /** The items a processed message puts in the outbox, one per matching route; a payload that cannot be built is a dead item with the reason. */
  plan(message: ProcessedMessage, parsed: Hl7Message, bundle: Bundle | undefined): OutboundDraft[];
}

type Payload = { payload: Buffer; controlId: string | null };

function payloadOf(spec: OutboundPayloadSpec, message: ProcessedMessage, parsed: Hl7Message, bundle: Bundle | undefined, deps: OutboundPlannerDeps): Payload {
  switch (spec.kind) {
    case 'raw':
      return { payload: message.raw, controlId: parsed.header.controlId || null };
    case 'fhir-bundle':
      if (!bundle) throw new AppError('unprocessable', 'OUTBOUND_PAYLOAD_FAILED', 'No mapping profile made a Bundle of this message');
      return { payload: Buffer.from(stringifyFhirJson(bundle), 'utf8'), controlId: null };
    case 'hl7-profile': {
      if (!bundle) throw new AppError('unprocessable', 'OUTBOUND_PAYLOAD_FAILED', 'No mapping profile made a Bundle of this message to convert');
      const controlId = deps.newControlId();
      return { payload: Buffer.from(deps.fhirToHl7(message.tenantId, spec.profileId, bundle, controlId), 'utf8'), controlId };
    }
    default:
      return spec satisfies never;
  }
}

/** Decides, inside processing's write transaction, what each processed message sends where. */
export function createOutboundPlanner(deps: OutboundPlannerDeps): OutboundPlanner {
  let routes = new Map<string, OutboundRouteRow[]>();
  const routesFrom = (connectorId: string): OutboundRouteRow[] => {
    let found = routes.get(connectorId);
    if (!found) routes.set(connectorId, (found = deps.routesFrom(connectorId)));
    return found;
  };
  return {
    beginBatch() {
      routes = new Map();
    },
    plan(message, parsed, bundle) {
      const drafts: OutboundDraft[] = [];
      for (const route of routesFrom(message.connectorId)) {
        if (route.tenantId !== message.tenantId || !routeMatches(route.filter as OutboundRouteFilter, parsed)) continue;
        const spec = route.payload as OutboundPayloadSpec;
        const base = { tenantId: message.tenantId, routeId: route.id, destinationConnectorId: route.destinationConnectorId, laneKey: laneKeyOf(route.destinationConnectorId, route.laneBy, parsed), messageId: message.id, payloadKind: spec.kind };
        try {
          drafts.push({ ...base, ...payloadOf(spec, message, parsed, bundle, deps), status: 'pending' });
        } catch (error) {
          const code = error instanceof AppError ? error.code : 'OUTBOUND_PAYLOAD_FAILED';
          const text = error instanceof AppError ? error.message : 'the payload could not be built';
          drafts.push({ ...base, payload: Buffer.alloc(0), controlId: null, status: 'dead', errorCode: code, error: text });
        }
      }
      return drafts;
    },
  };
}
