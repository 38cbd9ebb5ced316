import type { Resource } from '@medplum/fhirtypes';
import { AppError } from '../core/errors';
import type { RoutingRuleRow } from '../store/routing-rules-repo';
import type { FhirRestWrite } from './fhir-rest-sender';
import type { Destination, OutboundSend } from './sender';

/** A routing rule's upstream server as a fhir-rest destination: its service URL, no auth (as the gateway's forwarding). */
export function ruleDestination(rule: Pick<RoutingRuleRow, 'id' | 'serviceUrl' | 'version'>): Destination | undefined {
  if (!rule.serviceUrl || !URL.canParse(rule.serviceUrl)) return undefined;
  const url = new URL(rule.serviceUrl);
  return {
    id: rule.id,
    protocol: 'fhir-rest',
    host: url.hostname,
    port: url.port ? Number(url.port) : null,
    tlsEnabled: url.protocol === 'https:',
    authMode: 'none',
    auth: null,
    settings: { basePath: url.pathname.replace(/\/$/, '') },
    version: rule.version,
  };
}

/**
 * The write a queued upstream write sends, read when it is sent: the resource's current local version
 * as a PUT, or a DELETE when the local store has it deleted (or never had it). Several queued writes of
 * one resource so converge on its latest state, and sending one again changes nothing.
 */
export function upstreamWriteOf(read: (tenantId: string, type: string, id: string) => Resource) {
  return (item: OutboundSend): FhirRestWrite | undefined => {
    const target = JSON.parse(item.payload.toString('utf8')) as { resourceType?: string; id?: string };
    if (!target.resourceType || !target.id) return undefined;
    try {
      return { kind: 'put', resource: read(item.tenantId, target.resourceType, target.id) };
    } catch (error) {
      if (error instanceof AppError && (error.kind === 'gone' || error.kind === 'not_found')) return { kind: 'delete', resourceType: target.resourceType, id: target.id };
      throw error;
    }
  };
}
