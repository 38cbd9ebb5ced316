import type { BundleEntry } from '@medplum/fhirtypes';
import { AppError } from '../core/errors';
import type { LocalCommit } from '../fhir/routing/routed-bundles';
import { outcomeOf } from '../fhir/outcome';
import type { Converter } from '../convert/converter';
import type { RuleError } from '../mapping/conversion';
import { withFormerKeys, type CountMatches } from './former-keys';
import { NOT_MAPPED, type MappingStep, type ResourceLinkRecord } from './mapping-step';

export interface FhirMappingDeps {
  /** HL7 v2 → FHIR (mapping/convert.ts): undefined when no profile covers the message type. */
  convert: Converter;
  /** Commits a transaction's entries to the local FHIR store (the gateway's commitLocally), in the caller's transaction. */
  commit: (entries: BundleEntry[]) => LocalCommit;
  /** How many resources of the local FHIR store a conditional query matches: a changed key's former one is tried with it. */
  countMatches: CountMatches;
}

/** `Observation/abc/_history/2` → the resource's type and id. */
function linkOf(entry: BundleEntry | undefined, action: ResourceLinkRecord['action'] | undefined): ResourceLinkRecord[] {
  const [resourceType, resourceId] = entry?.response?.location?.split('/') ?? [];
  return resourceType && resourceId && action ? [{ resourceType, resourceId, action }] : [];
}

/** The OperationOutcome's text, one issue after another: what the attempt records when the store refuses a resource. */
function refusalText(error: AppError): string {
  const issues = outcomeOf(error)?.issue ?? [];
  const texts = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => [i.diagnostics ?? i.details?.text, i.expression?.join(', ')].filter(Boolean).join(' at '));
  return texts.length > 0 ? texts.join('; ') : error.message;
}

/** The conversion's rule errors, which often say why a resource came out invalid (a PDF that was not base64, a required field missing). */
function ruleErrorsText(errors: readonly RuleError[]): string {
  if (errors.length === 0) return '';
  const shown = errors.slice(0, 5).map((e) => `${e.ruleId} (${e.source || e.target}) ${e.code}: ${e.message}`);
  return `. The mapping's rule errors: ${shown.join('; ')}${errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : ''}`;
}

/**
 * The mapping step of processing: converts the message (before the batch's write transaction), then
 * commits its transaction Bundle through the FHIR gateway's transaction code (validation, conditional
 * create/update, urn:uuid references; an entry whose changed key finds nothing tries its former key,
 * former-keys.ts), as a savepoint of the processing batch, so the message's attempt, its resources and its links commit
 * together. A resource the store refuses rolls the whole Bundle back and fails the attempt (permanently:
 * the same message would be refused again) with the OperationOutcome's text and the conversion's rule errors.
 */
export function createFhirMappingStep(deps: FhirMappingDeps): MappingStep {
  return (message, context) => {
    const conversion = deps.convert(message, { messageId: context.messageId, connectorId: context.connectorId, tenantId: context.tenantId });
    if (!conversion) return NOT_MAPPED;
    return () => {
      let committed: LocalCommit;
      const bundle = { ...conversion.bundle, entry: withFormerKeys(conversion.bundle.entry ?? [], conversion.formerKeys, deps.countMatches) };
      try {
        committed = deps.commit(bundle.entry);
      } catch (error) {
        if (!(error instanceof AppError) || !outcomeOf(error)) throw error;
        throw new AppError('unprocessable', 'INTEROP_MAPPING_REFUSED', `The FHIR store refused the mapped Bundle: ${refusalText(error)}${ruleErrorsText(conversion.errors)}`, { fhirCode: error.code }, { cause: error });
      }
      const links = (committed.bundle.entry ?? []).flatMap((entry, i) => linkOf(entry, committed.actions[i]));
      return { profile: conversion.profile, unmapped: conversion.unmapped, errors: conversion.errors, links, bundle };
    };
  };
}
