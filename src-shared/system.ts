import { z } from 'zod';
import { defineOperation } from './define-operation';

export const HealthStatus = z.enum(['ok', 'degraded', 'failing']);
export type HealthStatus = z.infer<typeof HealthStatus>;

export const HealthReason = z.object({
  /** STORE_NOT_WRITABLE, INTAKE_REFUSING_DISK_LOW, DISK_SPACE_CRITICAL, DISK_SPACE_LOW, LISTENER_DOWN, BACKLOG_OLD, BACKLOG_LARGE, ENGINE_RESTARTED */
  code: z.string(),
  severity: z.enum(['degraded', 'failing']),
  message: z.string(),
  connectorId: z.string().optional(),
});
export type HealthReason = z.infer<typeof HealthReason>;

/** What is true of the engine now: ok, degraded (works, with a problem) or failing (cannot promise storage), and why. */
export const Health = z.object({
  status: HealthStatus,
  reasons: z.array(HealthReason),
  version: z.string(),
  uptimeSeconds: z.number(),
  checkedAt: z.string(),
  store: z.object({ writable: z.boolean(), freeBytes: z.number().nullable() }),
  /** Active MLLP listener connectors (expected) and how many of them listen (up). */
  listeners: z.object({ expected: z.number(), up: z.number() }),
  /** Messages waiting for or in processing, and how long the oldest waiting one has waited. */
  backlog: z.object({ pending: z.number(), oldestPendingAgeSeconds: z.number().nullable() }),
  /** The process the engine runs in; under a supervisor, how often it was restarted and how the one before ended. */
  engineProcess: z.object({
    pid: z.number(),
    supervised: z.boolean(),
    restarts: z.number(),
    lastExit: z.object({ at: z.string(), exitCode: z.number().nullable(), signal: z.string().nullable(), uptimeSeconds: z.number() }).nullable(),
  }),
});
export type Health = z.infer<typeof Health>;

/** A diagnostics archive for support (a zip, base64 over IPC; over HTTP the file itself). */
export const DiagnosticsFile = z.object({ name: z.string(), contentType: z.literal('application/zip'), contentEncoding: z.literal('base64'), content: z.string() });
export type DiagnosticsFile = z.infer<typeof DiagnosticsFile>;

export const systemOps = {
  health: defineOperation({
    name: 'system.health',
    http: { method: 'GET', path: '/api/v1/health' },
    input: z.object({}),
    output: Health,
  }),
  /**
   * A zip for support: versions, health, the store and its migration level, connectors without secrets,
   * recent alerts, interface error groups and metrics as ids, types, codes and counts, and the engine's recent
   * log lines; no payloads, patient data or secrets (diagnostics/diagnostics-sections.ts).
   */
  diagnostics: defineOperation({
    name: 'system.diagnostics',
    http: { method: 'GET', path: '/api/v1/diagnostics', fileAnswer: true },
    input: z.object({}),
    output: DiagnosticsFile,
    audited: true,
  }),
} as const;
