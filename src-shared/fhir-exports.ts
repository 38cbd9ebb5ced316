import { z } from 'zod';
import { Page, defineOperation, idInput, pageInput } from './define-operation';

export const FhirExportLevel = z.enum(['system', 'patient', 'group']);
export const FhirExportStatus = z.enum(['accepted', 'in-progress', 'complete', 'failed']);
export type FhirExportLevel = z.infer<typeof FhirExportLevel>;
export type FhirExportStatus = z.infer<typeof FhirExportStatus>;

/** One NDJSON file of an export: resources written so far of those planned, and its link once downloadable. */
export const FhirExportFile = z.object({
  type: z.string(),
  count: z.number(),
  total: z.number(),
  /** The Bulk Data file link (relative to the engine), set while the export is complete, not expired and the file has lines. */
  url: z.string().nullable(),
});
export type FhirExportFile = z.infer<typeof FhirExportFile>;

export const FhirExportJob = z.object({
  id: z.string(),
  level: FhirExportLevel,
  groupId: z.string().nullable(),
  /** `_type` as requested; null means every type in scope. */
  types: z.array(z.string()).nullable(),
  /** `_since` as requested. */
  since: z.string().nullable(),
  status: FhirExportStatus,
  progress: z.number(),
  /** Resources the export will hold once planned (0 while accepted). */
  total: z.number(),
  files: z.array(FhirExportFile),
  error: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The file links have expired (the job stays listed until deleted). */
  expired: z.boolean(),
});
export type FhirExportJob = z.infer<typeof FhirExportJob>;

const resourceType = z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'must be a FHIR resource type such as Patient');
const exportId = idInput('BEX');

export const StartFhirExport = z
  .object({
    level: FhirExportLevel.default('system'),
    groupId: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id').optional(),
    /** Query strings carry one value per repeat or a comma list, as `_type` does; IPC an array. */
    types: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((t) => t.trim()).filter((t) => t !== '') : v),
      z.array(resourceType).max(150).optional(),
    ),
    since: z.string().refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 date-time').optional(),
  })
  .superRefine((input, ctx) => {
    if (input.level === 'group' && !input.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'is required for a Group export' });
    if (input.level !== 'group' && input.groupId) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'is only for a Group export' });
  });

/** Bulk Data $export jobs of the FHIR gateway, for the console: the same jobs, rule and files as `/fhir/R4/$export`. */
export const fhirExportOps = {
  list: defineOperation({
    name: 'fhirExports.list',
    http: { method: 'GET', path: '/api/v1/fhir-exports' },
    input: z.object({ ...pageInput, status: FhirExportStatus.optional() }),
    output: Page(FhirExportJob),
  }),
  get: defineOperation({ name: 'fhirExports.get', http: { method: 'GET', path: '/api/v1/fhir-exports/:id' }, input: z.object({ id: exportId }), output: FhirExportJob }),
  start: defineOperation({
    name: 'fhirExports.start',
    http: { method: 'POST', path: '/api/v1/fhir-exports', successStatus: 202 },
    input: StartFhirExport,
    output: FhirExportJob,
    invalidates: ['fhirExports'],
  }),
  cancel: defineOperation({
    name: 'fhirExports.cancel',
    http: { method: 'DELETE', path: '/api/v1/fhir-exports/:id', successStatus: 204 },
    input: z.object({ id: exportId }),
    output: z.null(),
    invalidates: ['fhirExports'],
  }),
} as const;
