import type { ApiClient } from '@contract/api-clients';
import { InteropScope, SMART_SCOPE, interopScopes } from '@contract/scopes';
import type { ApiInput, FieldErrors } from '../../api/client';

/** The engine's own scopes, each with what it lets a client do, in the order the form lists them. */
export const interopScopeMeanings: readonly { scope: string; meaning: string }[] = [
  { scope: InteropScope.read, meaning: 'Read every /api/v1 list and detail (never secrets)' },
  { scope: InteropScope.operate, meaning: 'Read, plus day-to-day actions: reprocess, acknowledge, run jobs, pause connectors' },
  { scope: InteropScope.configure, meaning: 'Read, plus create, change and delete configuration' },
  { scope: InteropScope.bulkExport, meaning: 'FHIR $export and data export batches' },
  { scope: InteropScope.admin, meaning: 'Everything, including API clients and secrets' },
];

export interface ApiClientFormValues {
  name: string;
  interopScopes: string[];
  /** SMART on FHIR scopes, separated by spaces, commas or new lines. */
  fhirScopes: string;
  tenantId: string;
  /** A `datetime-local` value; blank: never expires. */
  expiresAt: string;
  rateLimitPerMinute: number | string;
}

export function clientValuesOf(client: ApiClient | null): ApiClientFormValues {
  const scopes = client?.scopes ?? [InteropScope.read];
  return {
    name: client?.name ?? '',
    interopScopes: scopes.filter((s) => (interopScopes as readonly string[]).includes(s)),
    fhirScopes: scopes.filter((s) => !(interopScopes as readonly string[]).includes(s)).join('\n'),
    tenantId: client?.tenantId ?? '',
    expiresAt: client?.expiresAt ? localInputValue(client.expiresAt) : '',
    rateLimitPerMinute: client?.rateLimitPerMinute ?? '',
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` input shows it, to the minute. */
function localInputValue(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const splitScopes = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** Why the FHIR scopes cannot be sent, naming the first one that is not a SMART scope; null when they can. */
export function fhirScopesProblem(text: string): string | null {
  const bad = splitScopes(text).find((scope) => !SMART_SCOPE.test(scope) || scope.endsWith('.'));
  return bad === undefined ? null : `"${bad}" is not a SMART scope: context/Type.permission, e.g. system/Patient.read or user/*.rs`;
}

export const scopesOf = (values: ApiClientFormValues): string[] => [...new Set([...values.interopScopes, ...splitScopes(values.fhirScopes)])];

const rateLimitOf = (value: number | string): number | undefined => (typeof value === 'number' ? value : undefined);

/** A `datetime-local` value (local time, no offset) as an ISO instant; blank or invalid gives undefined. */
function instantOf(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function toCreateClient(values: ApiClientFormValues): ApiInput<'apiClients.create'> {
  const tenantId = values.tenantId.trim();
  const expiresAt = instantOf(values.expiresAt);
  const rateLimitPerMinute = rateLimitOf(values.rateLimitPerMinute);
  return {
    name: values.name.trim(),
    scopes: scopesOf(values),
    ...(tenantId !== '' && { tenantId }),
    ...(expiresAt !== undefined && { expiresAt }),
    ...(rateLimitPerMinute !== undefined && { rateLimitPerMinute }),
  };
}

export function toUpdateClient(values: ApiClientFormValues, client: ApiClient): ApiInput<'apiClients.update'> {
  const rateLimitPerMinute = rateLimitOf(values.rateLimitPerMinute);
  return { id: client.id, version: client.version, name: values.name.trim(), scopes: scopesOf(values), ...(rateLimitPerMinute !== undefined && { rateLimitPerMinute }) };
}

const formFields: Record<string, keyof ApiClientFormValues> = {
  name: 'name',
  tenantId: 'tenantId',
  expiresAt: 'expiresAt',
  rateLimitPerMinute: 'rateLimitPerMinute',
};

/**
 * The engine's 422 fields on the form's inputs: a bad scope (the message names it) goes under the FHIR
 * scopes when it is not one of the engine's own, where it can only have come from; the rest are unplaced.
 */
export function placeClientErrors(fields: FieldErrors): { errors: Partial<Record<keyof ApiClientFormValues, string>>; unplaced: string[] } {
  const errors: Partial<Record<keyof ApiClientFormValues, string>> = {};
  const unplaced: string[] = [];
  const add = (field: keyof ApiClientFormValues, text: string) => (errors[field] = errors[field] ? `${errors[field]}; ${text}` : text);
  for (const [path, messages] of Object.entries(fields)) {
    const head = path.split('.')[0] ?? '';
    const text = messages.join('; ');
    if (head === 'scopes') add(messages.some((m) => m.includes('at least one')) ? 'interopScopes' : 'fhirScopes', text);
    else if (formFields[head]) add(formFields[head], text);
    else unplaced.push(`${path}: ${text}`);
  }
  return { errors, unplaced };
}
