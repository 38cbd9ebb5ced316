import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput, queryInt, versionInput } from './define-operation';

/** `ORU^R01`, `ADT^*` (any trigger of ADT) or `ADT` (the same). */
const MESSAGE_TYPE_PATTERN = /^[A-Z0-9]{3}(\^([A-Z0-9]{2,3}|\*))?$/;

export const OutboundConditionOp = z.enum(['equals', 'notEquals', 'exists', 'matches']);

/** A test on one field of the message: `path` is an HL7 path (`PID-3.1`, `MSH-4`); `matches` takes a regular expression. */
export const OutboundCondition = z
  .object({
    path: z.string().trim().min(1).max(64),
    op: OutboundConditionOp,
    value: z.string().max(500).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.op !== 'exists' && c.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `is required for ${c.op}` });
    if (c.op === 'matches' && c.value !== undefined && regexIssue(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: regexIssue(c.value) as string });
  });
export type OutboundCondition = z.infer<typeof OutboundCondition>;

function regexIssue(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch {
    return 'must be a regular expression';
  }
}

/** Which processed messages of the source take the route; every part given must hold (absent parts hold). */
export const OutboundRouteFilter = z.object({
  messageTypes: z.array(z.string().trim().regex(MESSAGE_TYPE_PATTERN, 'must look like ORU^R01 or ADT^*')).max(100).optional(),
  /** MSH-4's first component. */
  sendingFacility: z.string().trim().min(1).max(180).optional(),
  condition: OutboundCondition.optional(),
});
export type OutboundRouteFilter = z.infer<typeof OutboundRouteFilter>;

/**
 * What the destination receives: the message as received; HL7 made from the mapped resources by a
 * FHIR → HL7 profile (`FMP_…`, /api/v1/fhir-mapping-profiles); or the committed FHIR transaction Bundle.
 */
export const OutboundPayloadSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('raw') }),
  z.object({ kind: z.literal('hl7-profile'), profileId: idInput('FMP') }),
  z.object({ kind: z.literal('fhir-bundle') }),
]);
export type OutboundPayloadSpec = z.infer<typeof OutboundPayloadSpec>;

/** What an item carries: a route's payload, or `fhir-upstream-write` — a write the FHIR gateway queued for a routing rule's upstream server while it was down (the resource's current local version is sent). */
export const OutboundPayloadKind = z.enum(['raw', 'hl7-profile', 'fhir-bundle', 'fhir-upstream-write']);
export type OutboundPayloadKind = z.infer<typeof OutboundPayloadKind>;

export const OutboundLaneBy = z.enum(['destination', 'patient']);

const routeFields = {
  name: z.string().trim().min(1, 'is required').max(120),
  sourceConnectorId: idInput('CONN'),
  destinationConnectorId: idInput('CONN'),
  filter: OutboundRouteFilter,
  payload: OutboundPayloadSpec,
  /** One FIFO lane per destination, or per destination and patient (PID-3's first identifier) for partners that need only per-patient order. */
  laneBy: OutboundLaneBy,
  enabled: z.boolean(),
};

export const OutboundRoute = z.object({
  id: z.string(),
  tenantId: z.string(),
  name: z.string(),
  sourceConnectorId: z.string(),
  destinationConnectorId: z.string(),
  filter: OutboundRouteFilter,
  payload: OutboundPayloadSpec,
  laneBy: OutboundLaneBy,
  enabled: z.boolean(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type OutboundRoute = z.infer<typeof OutboundRoute>;

export const OutboundItemStatus = z.enum(['pending', 'in_flight', 'delivered', 'failed', 'dead', 'skipped']);
export type OutboundItemStatus = z.infer<typeof OutboundItemStatus>;

export const OutboundAttempt = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** delivered | retry | dead | interrupted (the engine stopped while it waited); null while it runs. */
  outcome: z.string().nullable(),
  ackCode: z.string().nullable(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
});
export type OutboundAttempt = z.infer<typeof OutboundAttempt>;

export const OutboundItem = z.object({
  id: z.string(),
  tenantId: z.string(),
  /** The route and outbound connector of a route's item; null for a queued upstream write. */
  routeId: z.string().nullable(),
  destinationConnectorId: z.string().nullable(),
  /** The FHIR routing rule whose upstream server a queued write goes to; null for a route's item. */
  routingRuleId: z.string().nullable(),
  laneKey: z.string(),
  seq: z.number(),
  messageId: z.string().nullable(),
  payloadKind: OutboundPayloadKind,
  /** The MSH-10 the destination sees (HL7 payloads); its ACK's MSA-2 must echo it. */
  controlId: z.string().nullable(),
  status: OutboundItemStatus,
  attemptCount: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  ackCode: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  attempts: z.array(OutboundAttempt),
});
export type OutboundItem = z.infer<typeof OutboundItem>;

/**
 * A destination's delivery state: `paused` by the operator; `inactive` while its connector is not
 * active (items wait); `offline` while it cannot be reached (since the first failure in a row);
 * `retrying` when a head item waits for its next attempt after an answer that was not a connection
 * failure; `sending` with open items and none of the above; `idle` with nothing to send.
 */
export const OutboundDestinationState = z.enum(['idle', 'sending', 'retrying', 'offline', 'paused', 'inactive']);

export const OutboundLane = z.object({
  laneKey: z.string(),
  depth: z.number(),
  headItemId: z.string().nullable(),
  headStatus: OutboundItemStatus.nullable(),
  nextAttemptAt: z.string().nullable(),
});

/** A destination: an outbound connector, or a routing rule's upstream server with queued writes (name = its service URL; it cannot be paused). */
export const OutboundDestination = z.object({
  destinationConnectorId: z.string().nullable(),
  routingRuleId: z.string().nullable(),
  name: z.string(),
  protocol: z.string(),
  state: OutboundDestinationState,
  /** When the state began (offline: the first failed attempt in a row; paused: when paused); null when not known. */
  since: z.string().nullable(),
  paused: z.boolean(),
  /** Items not yet delivered, dead or skipped, over all its lanes. */
  depth: z.number(),
  oldestItemAt: z.string().nullable(),
  oldestItemAgeMs: z.number().nullable(),
  lastErrorCode: z.string().nullable(),
  lastError: z.string().nullable(),
  nextRetryAt: z.string().nullable(),
  dead: z.number(),
  /** Its open lanes, deepest first (at most 100). */
  lanes: z.array(OutboundLane),
});
export type OutboundDestination = z.infer<typeof OutboundDestination>;

const routeId = idInput('ORT');
const itemId = idInput('OBI');
const destinationInput = z.object({ id: idInput('CONN') });
const OUTBOUND_TOPICS = ['outbound', 'outboundItems'] as const;

export const outboundRouteOps = {
  list: defineOperation({
    name: 'outboundRoutes.list',
    http: { method: 'GET', path: '/api/v1/outbound-routes' },
    input: z.object({ ...pageInput, sourceConnectorId: idInput('CONN').optional(), destinationConnectorId: idInput('CONN').optional() }),
    output: Page(OutboundRoute),
  }),
  get: defineOperation({ name: 'outboundRoutes.get', http: { method: 'GET', path: '/api/v1/outbound-routes/:id' }, input: z.object({ id: routeId }), output: OutboundRoute }),
  create: defineOperation({
    name: 'outboundRoutes.create',
    http: { method: 'POST', path: '/api/v1/outbound-routes', successStatus: 201 },
    input: z.object({ ...routeFields, filter: routeFields.filter.default({}), payload: routeFields.payload.default({ kind: 'raw' }), laneBy: routeFields.laneBy.default('destination'), enabled: routeFields.enabled.default(true) }),
    output: OutboundRoute,
    invalidates: ['outboundRoutes'],
  }),
  update: defineOperation({
    name: 'outboundRoutes.update',
    http: { method: 'PATCH', path: '/api/v1/outbound-routes/:id' },
    input: z.object({ id: routeId, version: versionInput, ...z.object(routeFields).partial().shape }),
    output: OutboundRoute,
    invalidates: ['outboundRoutes'],
  }),
  delete: defineOperation({
    name: 'outboundRoutes.delete',
    http: { method: 'DELETE', path: '/api/v1/outbound-routes/:id', successStatus: 204 },
    input: z.object({ id: routeId }),
    output: z.null(),
    invalidates: ['outboundRoutes'],
  }),
} as const;

export const outboundOps = {
  lanes: defineOperation({
    name: 'outbound.lanes',
    http: { method: 'GET', path: '/api/v1/outbound/lanes' },
    input: z.object({ destinationConnectorId: idInput('CONN').optional() }),
    output: z.object({ data: z.array(OutboundDestination) }),
    reads: ['outboundItems'],
  }),
  items: defineOperation({
    name: 'outboundItems.list',
    http: { method: 'GET', path: '/api/v1/outbound/items' },
    input: z.object({
      ...pageInput,
      pageSize: queryInt(1, 200, 50),
      destinationConnectorId: idInput('CONN').optional(),
      laneKey: z.string().max(400).optional(),
      status: OutboundItemStatus.optional(),
      messageId: idInput('MSG').optional(),
    }),
    output: Page(OutboundItem),
  }),
  pause: defineOperation({ name: 'outbound.pause', http: { method: 'POST', path: '/api/v1/outbound/destinations/:id/pause' }, input: destinationInput, output: OutboundDestination, invalidates: OUTBOUND_TOPICS }),
  resume: defineOperation({ name: 'outbound.resume', http: { method: 'POST', path: '/api/v1/outbound/destinations/:id/resume' }, input: destinationInput, output: OutboundDestination, invalidates: OUTBOUND_TOPICS }),
  retryNow: defineOperation({ name: 'outboundItems.retryNow', http: { method: 'POST', path: '/api/v1/outbound/items/:id/retry-now' }, input: z.object({ id: itemId }), output: OutboundItem, invalidates: OUTBOUND_TOPICS }),
  skip: defineOperation({ name: 'outboundItems.skip', http: { method: 'POST', path: '/api/v1/outbound/items/:id/skip' }, input: z.object({ id: itemId }), output: OutboundItem, invalidates: OUTBOUND_TOPICS }),
  requeue: defineOperation({ name: 'outboundItems.requeue', http: { method: 'POST', path: '/api/v1/outbound/items/:id/requeue' }, input: z.object({ id: itemId }), output: OutboundItem, invalidates: OUTBOUND_TOPICS }),
} as const;
