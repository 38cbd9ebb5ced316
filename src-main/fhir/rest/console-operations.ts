import type { OperationOutcome } from '@medplum/fhirtypes';
import type { FhirService } from '../store-service';
import type { SearchService } from '../search-service';
import { validationOutcome } from '../validation/validate-operation';

/** Base of fullUrls in answers to the console: relative, as it may reach the engine over IPC. */
export const CONSOLE_BASE = '/fhir/R4';

/** The FHIR browser's operations (fhir.search/read/history/validate), over the local store. */
export function createFhirApi(service: FhirService, search: SearchService) {
  return {
    search: (tenantId: string, type: string, query: string) => {
      service.knownType(type);
      return search.search(tenantId, type, [...new URLSearchParams(query).entries()], CONSOLE_BASE) as unknown as Record<string, unknown>;
    },
    read: (tenantId: string, type: string, id: string) => service.read(tenantId, type, id) as unknown as Record<string, unknown>,
    history: (tenantId: string, type: string, id: string) => service.history(tenantId, { type, id }, 100, 0, CONSOLE_BASE) as unknown as Record<string, unknown>,
    validate: (type: string, resource: Record<string, unknown>): OperationOutcome => {
      service.knownType(type);
      return validationOutcome(resource);
    },
  };
}
export type FhirApi = ReturnType<typeof createFhirApi>;
