import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput } from './define-operation';

export const Hl7MessageStatus = z.enum(['pending', 'processing', 'processed', 'failed', 'dead_lettered']);
export type Hl7MessageStatus = z.infer<typeof Hl7MessageStatus>;

/** Query strings carry `true`/`false` as text, IPC as booleans. */
const queryBoolean = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time');

/** The filters of the message log; the same set selects messages for bulk reprocess. */
export const messageFilter = {
  connectorId: idInput('CONN').optional(),
  messageType: z.string().trim().max(40).optional(),
  status: Hl7MessageStatus.optional(),
  /** false: only messages refused at intake (answered AR/AE, never processed); true: only accepted ones. */
  accepted: queryBoolean.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Control id, patient id, patient name, or order/accession number (prefix match). */
  q: z.string().trim().max(200).optional(),
};

export const Hl7MessageSummary = z.object({
  id: z.string(),
  connectorId: z.string(),
  direction: z.string(),
  messageType: z.string().nullable(),
  messageControlId: z.string().nullable(),
  sendingApplication: z.string().nullable(),
  sendingFacility: z.string().nullable(),
  receivingApplication: z.string().nullable(),
  receivingFacility: z.string().nullable(),
  versionId: z.string().nullable(),
  status: Hl7MessageStatus,
  accepted: z.boolean(),
  ackCode: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  rawSize: z.number(),
  duplicateCount: z.number(),
  /** Another message from this sender on this connector carries the same control id (MSH-10) with different content. */
  controlIdReused: z.boolean(),
  attemptCount: z.number(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** PID-5 as "family given" and PID-3's medical record number; null until processing has read them. */
  patientName: z.string().nullable(),
  patientId: z.string().nullable(),
  /** FHIR resources its last processing created or updated (links); 0 when none was made, as for a type no mapping profile converts. */
  resourceCount: z.number(),
});
export type Hl7MessageSummary = z.infer<typeof Hl7MessageSummary>;

/** Data a message carried that no mapping rule read: `PID-13[2]`, seen `count` times. */
export const UnmappedItem = z.object({ path: z.string(), count: z.number() });
export type UnmappedItem = z.infer<typeof UnmappedItem>;

/** A mapping rule that could not do its work, named by rule, source and target (never by value). */
export const RuleError = z.object({ ruleId: z.string(), source: z.string(), target: z.string(), code: z.string(), message: z.string() });
export type RuleError = z.infer<typeof RuleError>;

export const Hl7Attempt = z.object({
  id: z.string(),
  attemptNumber: z.number(),
  trigger: z.string(),
  actor: z.string().nullable(),
  status: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** `mapped`: a profile ran; `no_profile`: none covers the message type (parsed and indexed only); null: mapping was not reached. */
  mapping: z.enum(['mapped', 'no_profile']).nullable(),
  /** The mapping profile that ran and its version. */
  profile: z.object({ name: z.string(), version: z.number() }).nullable(),
  unmapped: z.array(UnmappedItem),
  ruleErrors: z.array(RuleError),
});
export type Hl7Attempt = z.infer<typeof Hl7Attempt>;

/** A FHIR resource the message's last successful attempt committed, and what it did: created, updated or unchanged. */
export const Hl7ResourceLink = z.object({ resourceType: z.string(), resourceId: z.string(), action: z.enum(['created', 'updated', 'unchanged']), createdAt: z.string() });
export type Hl7ResourceLink = z.infer<typeof Hl7ResourceLink>;

export const Hl7MessageDetail = Hl7MessageSummary.extend({
  /** The payload decoded by its character set, exactly as received (segments end as they arrived). */
  raw: z.string(),
  charset: z.string().nullable(),
  remoteAddress: z.string().nullable(),
  ackPayload: z.string().nullable(),
  attempts: z.array(Hl7Attempt),
  links: z.array(Hl7ResourceLink),
});
export type Hl7MessageDetail = z.infer<typeof Hl7MessageDetail>;

const Hl7Component = z.object({ position: z.number(), name: z.string().nullable(), value: z.string(), subcomponents: z.array(z.string()) });
const Hl7Field = z.object({
  position: z.number(),
  /** e.g. `PID-5`. */
  label: z.string(),
  name: z.string().nullable(),
  datatype: z.string().nullable(),
  raw: z.string(),
  repetitions: z.array(z.object({ value: z.string(), components: z.array(Hl7Component) })),
});
export const Hl7SegmentView = z.object({ index: z.number(), id: z.string(), name: z.string().nullable(), raw: z.string(), fields: z.array(Hl7Field) });
export type Hl7SegmentView = z.infer<typeof Hl7SegmentView>;

export const SegmentsView = z.object({
  version: z.string().nullable(),
  segments: z.array(Hl7SegmentView),
  /** Set when the stored payload cannot be parsed (the raw text is still shown). */
  parseError: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const messageId = idInput('MSG');

/** `meta.source` of every FHIR resource the mapping produced: this prefix, then the message's id. */
export const HL7_MESSAGE_SOURCE_PREFIX = 'urn:interop-console:hl7-message:';
const MESSAGE_ID = /^MSG_[0-9A-HJKMNP-TV-Z]{26}$/;

/** The message a resource's `meta.source` names (exactly `urn:interop-console:hl7-message:MSG_…`), else null. */
export function sourceMessageId(source: unknown): string | null {
  if (typeof source !== 'string' || !source.startsWith(HL7_MESSAGE_SOURCE_PREFIX)) return null;
  const id = source.slice(HL7_MESSAGE_SOURCE_PREFIX.length);
  return MESSAGE_ID.test(id) ? id : null;
}

/** Pages by `page` reach no deeper than this many rows; past it, follow `nextCursor`. */
export const MAX_PAGE_WINDOW = 10_000;

export const Hl7MessagePage = Page(Hl7MessageSummary).extend({
  /** Totals are counted up to 10,000: true when more match than `total` says ("10,000+"). */
  totalAtLeast: z.boolean(),
  /** Pass as `cursor` for the rows after this page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type Hl7MessagePage = z.infer<typeof Hl7MessagePage>;

export const messageOps = {
  list: defineOperation({
    name: 'hl7Messages.list',
    http: { method: 'GET', path: '/api/v1/hl7-messages' },
    input: z.object({
      ...pageInput,
      ...messageFilter,
      /** The `nextCursor` of the previous page (keyset paging, any depth); `page` is then ignored. */
      cursor: z.string().trim().max(64).optional(),
    }),
    output: Hl7MessagePage,
  }),
  get: defineOperation({
    name: 'hl7Messages.get', audited: true,
    http: { method: 'GET', path: '/api/v1/hl7-messages/:id' },
    input: z.object({ id: messageId }),
    output: Hl7MessageDetail,
  }),
  segments: defineOperation({
    name: 'hl7Messages.segments', audited: true,
    http: { method: 'GET', path: '/api/v1/hl7-messages/:id/segments' },
    input: z.object({ id: messageId }),
    output: SegmentsView,
    immutable: true,
  }),
  masked: defineOperation({
    name: 'hl7Messages.masked', audited: true,
    http: { method: 'GET', path: '/api/v1/hl7-messages/:id/masked' },
    input: z.object({ id: messageId }),
    output: z.object({ text: z.string() }),
    immutable: true,
  }),
  links: defineOperation({
    name: 'hl7Messages.links',
    http: { method: 'GET', path: '/api/v1/hl7-messages/:id/linked-resources' },
    input: z.object({ id: messageId }),
    output: z.array(Hl7ResourceLink),
  }),
  reprocess: defineOperation({
    name: 'hl7Messages.reprocess',
    http: { method: 'POST', path: '/api/v1/hl7-messages/:id/reprocess', successStatus: 202 },
    input: z.object({ id: messageId, idempotencyKey: z.string().trim().min(8).max(100).optional() }),
    output: z.object({ message: Hl7MessageSummary, attempt: Hl7Attempt }),
    invalidates: ['hl7Messages'],
  }),
  reprocessMatching: defineOperation({
    name: 'hl7Messages.reprocessMatching',
    http: { method: 'POST', path: '/api/v1/hl7-messages/reprocess', successStatus: 202 },
    input: z.object({ ...messageFilter, expectedCount: z.number().int().min(0).optional() }),
    output: z.object({ queued: z.number(), skipped: z.number() }),
    invalidates: ['hl7Messages'],
  }),
} as const;
