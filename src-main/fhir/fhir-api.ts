import type { OperationOutcome } from '@medplum/fhirtypes';
import { AppError, type ErrorKind } from '../core/errors';
import type { FhirService } from './fhir-service';
import { FhirError } from './outcome';
import type { SearchService } from './search-service';
import { validationOutcome } from './validate-operation';

const kindOf = (status: number): ErrorKind =>
  status === 404 || status === 410 ? 'not_found' : status === 409 || status === 412 ? 'conflict' : status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status < 500 ? 'validation' : 'internal';

/** FHIR failures in the management API's currency: an AppError carrying the OperationOutcome. */
export function translated<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    const issue = error.outcome.issue?.[0];
    throw new AppError(kindOf(error.status), `FHIR_${(issue?.code ?? 'error').toUpperCase().replace(/-/g, '_')}`, error.message, { outcome: error.outcome });
  }
}

/** Base of fullUrls in answers to the console: relative, as it may reach the engine over IPC. */
export const CONSOLE_BASE = '/fhir/R4';

/** The FHIR browser's operations (fhir.search/read/history/validate), over the local store. */
export function createFhirApi(service: FhirService, search: SearchService) {
  return {
    search: (tenantId: string, type: string, query: string) =>
      translated(() => {
        service.knownType(type);
        return search.search(tenantId, type, [...new URLSearchParams(query).entries()], CONSOLE_BASE) as unknown as Record<string, unknown>;
      }),
    read: (tenantId: string, type: string, id: string) => translated(() => service.read(tenantId, type, id) as unknown as Record<string, unknown>),
    history: (tenantId: string, type: string, id: string) => translated(() => service.history(tenantId, { type, id }, 100, 0, CONSOLE_BASE) as unknown as Record<string, unknown>),
    validate: (type: string, resource: Record<string, unknown>): OperationOutcome =>
      translated(() => {
        service.knownType(type);
        return validationOutcome(resource);
      }),
  };
}
export type FhirApi = ReturnType<typeof createFhirApi>;
