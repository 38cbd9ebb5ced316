import { AuditOutcome, operations, type AuditEvent, type AuditEventFilter } from '@contract/index';

/** The URL parameters the page keeps its filters in; each is the same-named filter of the API. */
export const AUDIT_FILTER_PARAMS = ['since', 'until', 'actor', 'action', 'target', 'outcome'] as const;

const isoDateOrTime = (value: string | null): string | undefined => (value !== null && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined);
const term = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
};

/** The filters in the URL, as the list and export operations take them; a malformed value is left out. */
export function auditFilterOf(params: URLSearchParams): AuditEventFilter {
  const filter: AuditEventFilter = {};
  const since = isoDateOrTime(params.get('since'));
  const until = isoDateOrTime(params.get('until'));
  const actor = term(params.get('actor'));
  const action = term(params.get('action'));
  const target = term(params.get('target'));
  const outcome = AuditOutcome.safeParse(params.get('outcome')).data;
  if (since) filter.since = since;
  if (until) filter.until = until;
  if (actor) filter.actor = actor;
  if (action) filter.action = action;
  if (target) filter.target = target;
  if (outcome) filter.outcome = outcome;
  return filter;
}

/** The export's address over HTTP, with the same filters as the list. */
export function exportUrlOf(filter: AuditEventFilter, format: 'csv' | 'ndjson'): string {
  const search = new URLSearchParams({ format });
  for (const [name, value] of Object.entries(filter)) if (value !== undefined) search.set(name, value);
  return `/api/v1/audit-events/export?${search.toString()}`;
}

/**
 * Which writer an entry comes from: `request`, the dispatcher's entry for an API operation (caller, address,
 * outcome, the names of the fields sent); `change`, a service's own entry for the change it committed, in the
 * change's transaction, with its domain details; `event`, a named event (sign-in, a FHIR bulk download).
 */
export type AuditEntryKind = 'request' | 'change' | 'event';

/** Services name their change records `<target type>.<verb>` (`connector.update`); operations are plural (`connectors.update`). */
export function auditEntryKind(event: Pick<AuditEvent, 'action' | 'targetType'>): AuditEntryKind {
  if (Object.hasOwn(operations, event.action)) return 'request';
  return event.targetType !== null && event.action.startsWith(`${event.targetType}.`) ? 'change' : 'event';
}

/** Details as one line of `name: value` pairs (they hold names and counts, never values a caller sent). */
export function detailsText(details: AuditEvent['details']): string {
  if (details === null) return '';
  return Object.entries(details)
    .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}
