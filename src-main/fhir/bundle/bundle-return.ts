import type { Bundle, BundleEntry, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { writeOutcome, type WriteAction } from '../write-outcome';
import { operationUrl } from './bundle-operations';

/** A succeeded write entry's action, read from its request method and response status; undefined for reads, operations and failures. */
function actionOf(request: BundleEntry['request'], response: BundleEntry): WriteAction | undefined {
  const method = request?.method;
  const status = response.response?.status ?? '';
  if (!response.resource || !status.startsWith('2')) return undefined;
  if (method === 'POST') return operationUrl((request?.url ?? '').split('?')[0] ?? '') ? undefined : status.startsWith('201') ? 'created' : 'matched';
  if (method === 'PUT' || method === 'PATCH') return status.startsWith('201') ? 'created' : 'stored';
  return undefined;
}

const joined = (said: OperationOutcome, earlier: OperationOutcome | undefined): OperationOutcome => ({ ...said, issue: [...(said.issue ?? []), ...(earlier?.issue ?? [])] });

/**
 * A batch or transaction response as `Prefer: return=` asks, entry by entry (R4 http.html#transaction):
 * each write entry keeps its response status, location and etag; under `minimal` its resource is left out,
 * under `OperationOutcome` it is replaced by `response.outcome` saying what was done. Reads keep their resources.
 */
export function withPreferredReturn(request: Bundle, response: Bundle, preferred: 'minimal' | 'representation' | 'OperationOutcome' | undefined): Bundle {
  if (preferred === undefined || preferred === 'representation') return response;
  const requests = request.entry ?? [];
  const entry = (response.entry ?? []).map((e, i): BundleEntry => {
    const action = actionOf(requests[i]?.request, e);
    if (action === undefined || !e.response) return e;
    const { resource, ...rest } = e;
    if (preferred === 'minimal') return rest;
    return { ...rest, response: { ...e.response, outcome: joined(writeOutcome(action, resource as Resource), e.response.outcome as OperationOutcome | undefined) } };
  });
  return { ...response, entry };
}
