import type { Resource } from '@medplum/fhirtypes';
import { etagOf, type Written } from '../store-service';
import { writeOutcome, type WriteAction } from '../write-outcome';
import type { FhirPreferences } from './prefer';

/** The conditional and content headers a FHIR interaction reads. */
export interface FhirRequestHeaders {
  ifMatch?: string | undefined;
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  ifNoneExist?: string | undefined;
  contentType?: string | undefined;
  /** `return=` for writes, `handling=` for searches (prefer.ts reads it). */
  prefer?: string | undefined;
}

/** A FHIR REST request, whatever carried it (HTTP under /fhir/R4, the console's operations over HTTP or IPC). */
export interface FhirRequest {
  method: string;
  /** The path below the FHIR base, without its leading slash or query: `Patient/1/_history/2`. */
  path: string;
  /** Query parameters in their order, repeated names kept (search ANDs them). */
  query: readonly [string, string][];
  headers: FhirRequestHeaders;
  /** The body as parsed JSON, if any. */
  body?: unknown;
  /** A form-encoded body: taken only where FHIR reads take one (`_search`, terminology operations). */
  form?: string | undefined;
  /** The absolute base URL answers link to (`http://host/fhir/R4`, or the relative base for the console). */
  baseUrl: string;
}

/** A FHIR answer: the status, the resource (or a relayed body with its content type) and the headers to send. */
export interface FhirResponse {
  status: number;
  body?: Resource | string | Uint8Array | undefined;
  /** Set only when the body is not FHIR JSON (a terminology server's answer relayed as it came). */
  contentType?: string;
  headers: Record<string, string>;
}

/** A resource answer with its ETag and Last-Modified, and Location when it was created. */
export function resourceResponse(status: number, resource: Resource, baseUrl: string, warning?: string): FhirResponse {
  const headers: Record<string, string> = {};
  const meta = resource.meta;
  if (meta?.versionId) headers['ETag'] = etagOf(Number(meta.versionId));
  if (meta?.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
  const response = withWarning({ status, body: resource, headers }, warning);
  return status === 201 ? withLocation(response, resource, baseUrl) : response;
}

/** The answer with `Location: [base]/Type/id/_history/vid` of the resource written. */
export function withLocation(response: FhirResponse, resource: Resource, baseUrl: string): FhirResponse {
  return { ...response, headers: { ...response.headers, Location: `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}` } };
}

/** Marks an answer served from the local store while the owning server is down (RFC 7234 Warning). */
export function withWarning(response: FhirResponse, warning: string | undefined): FhirResponse {
  if (warning) response.headers['Warning'] = `199 interop-console "${warning.replace(/"/g, "'")}"`;
  return response;
}

export const bodyResponse = (body: Resource, warning?: string): FhirResponse => withWarning({ status: 200, body, headers: {} }, warning);

/**
 * A write's answer as `Prefer: return=` asks (R4 http.html#ops): the resource (representation, the default),
 * no body (minimal), or an OperationOutcome saying what was done; the status and headers are the same.
 */
export function writeResponse(status: number, written: Written, action: WriteAction, baseUrl: string, preferred: FhirPreferences['return'], warning?: string): FhirResponse {
  const response = resourceResponse(status, written.resource, baseUrl, warning);
  if (preferred === 'minimal') return { ...response, body: undefined };
  if (preferred === 'OperationOutcome') return { ...response, body: writeOutcome(action, written.resource, written.warnings) };
  return response;
}
