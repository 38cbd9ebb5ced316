import { assertSameTenant, type RequestContext } from '../../core/request-context';
import type { FhirHandler } from './fhir-handler';
import type { FhirRequest } from './fhir-request';

/** Base of fullUrls in answers to the console: relative, as it may reach the engine over IPC. */
export const CONSOLE_BASE = '/fhir/R4';

type FhirJson = Record<string, unknown>;

/**
 * The console FHIR browser's operations (fhir.search/read/history/validate), over HTTP or IPC: each is
 * the same request a FHIR client would send to /fhir/R4, answered by the same handler — so routing,
 * terminology and validation answer alike — and its failures travel as AppErrors carrying the
 * OperationOutcome. The gateway serves one tenant: a caller acting in another is refused.
 */
export function createFhirConsoleOperations(handler: FhirHandler, tenantId: string) {
  const ask = async (ctx: RequestContext, method: string, path: string, query: FhirRequest['query'] = [], body?: unknown): Promise<FhirJson> => {
    assertSameTenant(tenantId, ctx);
    const response = await handler.handle({ method, path, query, headers: {}, body, baseUrl: CONSOLE_BASE });
    return response.body as unknown as FhirJson;
  };
  const segment = encodeURIComponent;
  return {
    search: (ctx: RequestContext, type: string, query: string) => ask(ctx, 'GET', segment(type), [...new URLSearchParams(query)]),
    read: (ctx: RequestContext, type: string, id: string) => ask(ctx, 'GET', `${segment(type)}/${segment(id)}`),
    history: (ctx: RequestContext, type: string, id: string) => ask(ctx, 'GET', `${segment(type)}/${segment(id)}/_history`, [['_count', '100']]),
    validate: (ctx: RequestContext, type: string, resource: FhirJson) => ask(ctx, 'POST', `${segment(type)}/$validate`, [], resource),
  };
}
export type FhirConsoleOperations = ReturnType<typeof createFhirConsoleOperations>;
