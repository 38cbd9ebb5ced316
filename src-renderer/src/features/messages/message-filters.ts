import { Hl7MessageStatus } from '@contract/messages';
import { statusLabels } from './message-status';

/** The log's filters, named as `hl7Messages.list` and `hl7Messages.reprocessMatching` take them. */
export interface MessageFilters {
  connectorId?: string;
  messageType?: string;
  status?: Hl7MessageStatus;
  /** ISO-8601 instants. */
  from?: string;
  to?: string;
  q?: string;
}
export type FilterName = keyof MessageFilters;

/** Short names keep bookmarked addresses readable. */
const paramNames: Record<FilterName, string> = { connectorId: 'connector', messageType: 'type', status: 'status', from: 'from', to: 'to', q: 'q' };
const filterNames = Object.keys(paramNames) as FilterName[];

const CONNECTOR_ID = /^CONN_[0-9A-HJKMNP-TV-Z]{26}$/;
const isInstant = (value: string): boolean => !Number.isNaN(Date.parse(value));

/** Reads the filters from the address; values the engine would refuse are dropped rather than shown as an error. */
export function filtersFromParams(params: URLSearchParams): MessageFilters {
  const text = (name: FilterName, max: number): string | undefined => {
    const value = params.get(paramNames[name])?.trim();
    return value && value.length <= max ? value : undefined;
  };
  const connectorId = text('connectorId', 31);
  const from = text('from', 40);
  const to = text('to', 40);
  const filters: MessageFilters = {
    connectorId: connectorId && CONNECTOR_ID.test(connectorId) ? connectorId : undefined,
    messageType: text('messageType', 40),
    status: Hl7MessageStatus.safeParse(params.get(paramNames.status)).data,
    from: from && isInstant(from) ? from : undefined,
    to: to && isInstant(to) ? to : undefined,
    q: text('q', 200),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
}

/** The address's parameters with one filter set (or removed when blank); other parameters are kept. */
export function withFilter(params: URLSearchParams, name: FilterName, value: string | null | undefined): URLSearchParams {
  const next = new URLSearchParams(params);
  const trimmed = value?.trim();
  if (trimmed) next.set(paramNames[name], trimmed);
  else next.delete(paramNames[name]);
  return next;
}

/** The address's parameters without any filter. */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of filterNames) next.delete(paramNames[name]);
  return next;
}

export const hasFilters = (filters: MessageFilters): boolean => filterNames.some((name) => filters[name] !== undefined);

/** Equal for equal filters whatever the order they were set in. */
export const filterKey = (filters: MessageFilters): string => JSON.stringify(filterNames.map((name) => filters[name] ?? null));

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** An ISO instant as a `datetime-local` input shows it: local time, seconds only when set. */
export function localInputValue(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const seconds = d.getSeconds() === 0 ? '' : `:${pad(d.getSeconds())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
}

/** A `datetime-local` value (local time, no offset) as an ISO instant; blank or invalid gives undefined. */
export function instantOfLocalInput(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** One line per filter in use, for confirmations that must say exactly what they act on. */
export function describeFilters(filters: MessageFilters, connectorName: (id: string) => string): string[] {
  const lines: string[] = [];
  if (filters.connectorId) lines.push(`Connector: ${connectorName(filters.connectorId)}`);
  if (filters.messageType) lines.push(`Message type: ${filters.messageType}`);
  if (filters.status) lines.push(`Status: ${statusLabels[filters.status]}`);
  if (filters.from) lines.push(`Received from: ${localInputValue(filters.from).replace('T', ' ')}`);
  if (filters.to) lines.push(`Received until: ${localInputValue(filters.to).replace('T', ' ')}`);
  if (filters.q) lines.push(`Search: “${filters.q}”`);
  return lines;
}
