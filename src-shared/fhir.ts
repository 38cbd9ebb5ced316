import { z } from 'zod';
import { defineOperation } from './define-operation';

const resourceType = z.string().regex(/^[A-Z][A-Za-z]{1,63}$/, 'must be a FHIR resource type such as Patient');
const resourceId = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id');
/** A FHIR resource or Bundle as JSON; the FHIR layer validates it. */
const FhirJson = z.record(z.string(), z.unknown());

/**
 * The console's FHIR browser over the same contract as everything else (so it also works over IPC,
 * where no HTTP server runs). Answers are FHIR JSON; failures carry the OperationOutcome in details.
 */
export const fhirOps = {
  search: defineOperation({
    name: 'fhir.search',
    http: { method: 'GET', path: '/api/v1/fhir/:resourceType' },
    input: z.object({ resourceType, query: z.string().max(4000).default('') }),
    output: FhirJson,
  }),
  read: defineOperation({
    name: 'fhir.read',
    http: { method: 'GET', path: '/api/v1/fhir/:resourceType/:id' },
    input: z.object({ resourceType, id: resourceId }),
    output: FhirJson,
  }),
  history: defineOperation({
    name: 'fhir.history',
    http: { method: 'GET', path: '/api/v1/fhir/:resourceType/:id/history' },
    input: z.object({ resourceType, id: resourceId }),
    output: FhirJson,
  }),
  validate: defineOperation({
    name: 'fhir.validate', audited: false,
    http: { method: 'POST', path: '/api/v1/fhir/:resourceType/validate' },
    input: z.object({ resourceType, resource: FhirJson }),
    output: FhirJson,
  }),
} as const;
