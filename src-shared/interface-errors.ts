import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput } from './define-operation';

/** open → resolved (fixed by hand), ignored (not worth fixing) or reprocessed (sent through again; a new failure is a new error). */
export const InterfaceErrorStatus = z.enum(['open', 'resolved', 'ignored', 'reprocessed']);
export type InterfaceErrorStatus = z.infer<typeof InterfaceErrorStatus>;

/** What failed: a message (intake, processing, a mapping rule), an outbound item, an integration run's record, a data batch's record. */
export const InterfaceErrorSource = z.enum(['message', 'outbound', 'run', 'batch']);
export type InterfaceErrorSource = z.infer<typeof InterfaceErrorSource>;

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time');

/** The filters of the error list; the same set (on open errors) selects the errors of a bulk action. */
export const interfaceErrorFilter = {
  connectorId: idInput('CONN').optional(),
  code: z.string().trim().min(1).max(100).optional(),
  /** A group's `causeKey`, as `interfaceErrors.groups` answers it. */
  causeKey: z.string().min(1).max(600).optional(),
  source: InterfaceErrorSource.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
};

export const InterfaceError = z.object({
  id: z.string(),
  source: InterfaceErrorSource,
  connectorId: z.string().nullable(),
  /** The message it is about (a message error, or the message an outbound item carried); null for input that never became one. */
  messageId: z.string().nullable(),
  runId: z.string().nullable(),
  outboundItemId: z.string().nullable(),
  /** The record of a run or batch: `line 12`, a resource type and id. */
  record: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  causeKey: z.string(),
  /** The code and what it is about, in words: `INTEROP_MAPPING_RULE_FAILED · ORU default v3 · rule obx-value OBX-5→Observation.valueQuantity`. */
  cause: z.string(),
  status: InterfaceErrorStatus,
  createdAt: z.string(),
  /** When it left `open`. */
  resolvedAt: z.string().nullable(),
});
export type InterfaceError = z.infer<typeof InterfaceError>;

/** Every error of one cause in one status: one problem, however many messages it hit. */
export const InterfaceErrorGroup = z.object({
  causeKey: z.string(),
  cause: z.string(),
  code: z.string(),
  sources: z.array(InterfaceErrorSource),
  connectorIds: z.array(z.string()),
  count: z.number(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** The newest error of the group, to show what it says. */
  sampleErrorId: z.string(),
});
export type InterfaceErrorGroup = z.infer<typeof InterfaceErrorGroup>;

const errorId = idInput('IERR');
const bulkInput = z.object({ ...interfaceErrorFilter, expectedCount: z.number().int().min(0).optional() });
/** What a bulk action did: errors it changed, and errors it left open (their message or item could not be sent through again). */
const BulkResult = z.object({ changed: z.number(), skipped: z.number() });

export const interfaceErrorOps = {
  list: defineOperation({
    name: 'interfaceErrors.list',
    http: { method: 'GET', path: '/api/v1/interface-errors' },
    input: z.object({ ...interfaceErrorFilter, status: InterfaceErrorStatus.optional(), ...pageInput }),
    output: Page(InterfaceError),
    // Processing, filing and outbound delivery record errors as they fail; their change events refresh the lists.
    reads: ['hl7Messages', 'outboundItems'],
  }),
  groups: defineOperation({
    name: 'interfaceErrors.groups',
    http: { method: 'GET', path: '/api/v1/interface-errors/groups' },
    input: z.object({ ...interfaceErrorFilter, status: InterfaceErrorStatus.default('open'), ...pageInput }),
    output: Page(InterfaceErrorGroup),
    reads: ['hl7Messages', 'outboundItems'],
  }),
  get: defineOperation({
    name: 'interfaceErrors.get',
    http: { method: 'GET', path: '/api/v1/interface-errors/:id' },
    input: z.object({ id: errorId }),
    output: InterfaceError,
  }),
  resolve: defineOperation({
    name: 'interfaceErrors.resolve',
    http: { method: 'POST', path: '/api/v1/interface-errors/:id/resolve' },
    input: z.object({ id: errorId }),
    output: InterfaceError,
    invalidates: ['interfaceErrors'],
  }),
  ignore: defineOperation({
    name: 'interfaceErrors.ignore',
    http: { method: 'POST', path: '/api/v1/interface-errors/:id/ignore' },
    input: z.object({ id: errorId }),
    output: InterfaceError,
    invalidates: ['interfaceErrors'],
  }),
  /** Sends the error's message through processing again (hl7Messages.reprocess), or requeues its dead outbound item. */
  reprocess: defineOperation({
    name: 'interfaceErrors.reprocess',
    http: { method: 'POST', path: '/api/v1/interface-errors/:id/reprocess', successStatus: 202 },
    input: z.object({ id: errorId }),
    output: InterfaceError,
    invalidates: ['interfaceErrors', 'hl7Messages', 'outboundItems'],
  }),
  resolveMatching: defineOperation({
    name: 'interfaceErrors.resolveMatching',
    http: { method: 'POST', path: '/api/v1/interface-errors/resolve' },
    input: bulkInput,
    output: BulkResult,
    invalidates: ['interfaceErrors'],
  }),
  ignoreMatching: defineOperation({
    name: 'interfaceErrors.ignoreMatching',
    http: { method: 'POST', path: '/api/v1/interface-errors/ignore' },
    input: bulkInput,
    output: BulkResult,
    invalidates: ['interfaceErrors'],
  }),
  reprocessMatching: defineOperation({
    name: 'interfaceErrors.reprocessMatching',
    http: { method: 'POST', path: '/api/v1/interface-errors/reprocess', successStatus: 202 },
    input: bulkInput,
    output: BulkResult,
    invalidates: ['interfaceErrors', 'hl7Messages', 'outboundItems'],
  }),
} as const;
