import { z } from 'zod';
import { defineOperation, queryInt } from './define-operation';

export const AuditOutcome = z.enum(['ok', 'refused', 'failed']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/** One entry of the append-only audit log: who, when, from where, what, on what, and how it ended. */
export const AuditEvent = z.object({
  id: z.string(),
  at: z.string(),
  /** desktop, local, access-token, api-client, operator, system, anonymous (or legacy: written before the log named callers). */
  actorKind: z.string(),
  actorId: z.string(),
  remoteAddress: z.string().nullable(),
  /** An operation name (`connectors.update`) or a named event (`sign-in`, `token.issued`, `fhir.export.download`). */
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  outcome: AuditOutcome,
  errorCode: z.string().nullable(),
  /** Names only (`fields` changed), never values. */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

const isoDateTime = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}(T|$)/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date or date-time');
const term = z.string().trim().min(1).max(200);

/** The filters of the list and the export: at or after `since`, before `until`; actor, action and target match exactly. */
export const auditEventFilter = {
  since: isoDateTime.optional(),
  until: isoDateTime.optional(),
  actor: term.optional(),
  action: term.optional(),
  /** A target id (`CONN_…`), or a target type (`connector`). */
  target: term.optional(),
  outcome: AuditOutcome.optional(),
};
export const AuditEventFilter = z.object(auditEventFilter);
export type AuditEventFilter = z.infer<typeof AuditEventFilter>;

export const AuditEventPage = z.object({
  data: z.array(AuditEvent),
  pageSize: z.number(),
  /** Pass as `cursor` for the older entries after this page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AuditEventPage = z.infer<typeof AuditEventPage>;

export const AuditExportFormat = z.enum(['csv', 'ndjson']);
export type AuditExportFormat = z.infer<typeof AuditExportFormat>;

/** At most this many entries in one export; narrow the filters (since/until) for more. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000;

export const AuditExportFile = z.object({ name: z.string(), contentType: z.string(), content: z.string(), rows: z.number(), truncated: z.boolean() });
export type AuditExportFile = z.infer<typeof AuditExportFile>;

export const AuditChainReport = z.object({
  /** True when every hashed entry still hashes to what it says and names the one before it. */
  intact: z.boolean(),
  checked: z.number(),
  /** Entries from before the chain (written by an older version), not covered by it. */
  unchained: z.number(),
  /** The first entry that does not match, when one does not. */
  brokenAt: z.string().nullable(),
});
export type AuditChainReport = z.infer<typeof AuditChainReport>;

export const RotateKeyResult = z.object({
  keyId: z.string(),
  /** Stored secrets re-encrypted with the new key. */
  reencrypted: z.number(),
  rotatedAt: z.string(),
});
export type RotateKeyResult = z.infer<typeof RotateKeyResult>;

/** The audit log (newest first, keyset paging) and the secrets key: admin only (`svc:interop:admin`). */
export const auditOps = {
  list: defineOperation({
    name: 'auditEvents.list',
    http: { method: 'GET', path: '/api/v1/audit-events' },
    input: z.object({ ...auditEventFilter, pageSize: queryInt(1, 500, 50), cursor: z.string().trim().regex(/^\d{1,15}$/, 'must be a nextCursor').optional() }),
    output: AuditEventPage,
  }),
  export: defineOperation({
    name: 'auditEvents.export',
    http: { method: 'GET', path: '/api/v1/audit-events/export', fileAnswer: true },
    input: z.object({ ...auditEventFilter, format: AuditExportFormat.default('csv') }),
    output: AuditExportFile,
    audited: true,
  }),
  verify: defineOperation({
    name: 'auditEvents.verify',
    http: { method: 'GET', path: '/api/v1/audit-events/verify' },
    input: z.object({}),
    output: AuditChainReport,
  }),
  rotateKey: defineOperation({
    name: 'secrets.rotateKey',
    http: { method: 'POST', path: '/api/v1/secrets/rotate-key' },
    input: z.object({}),
    output: RotateKeyResult,
    invalidates: ['connectors', 'eventSubscriptions'],
  }),
} as const;
