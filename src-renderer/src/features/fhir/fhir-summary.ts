import type { CodeableConcept, HumanName, Period, Quantity } from '@medplum/fhirtypes';

/** A resource as the browser reads it: any FHIR JSON with a type and, when stored, an id. */
export interface FhirJson {
  resourceType: string;
  id?: string;
  meta?: { versionId?: string; lastUpdated?: string; source?: string };
  [key: string]: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const join = (parts: (string | undefined)[], separator = ' · '): string => parts.filter((p): p is string => p !== undefined).join(separator);

export function nameText(names: unknown): string | undefined {
  if (!Array.isArray(names) || names.length === 0) return undefined;
  const name = ((names as HumanName[]).find((n) => n.use === 'official') ?? names[0]) as HumanName;
  return text(name.text) ?? (text(join([...(name.given ?? []), name.family], ' ')) || undefined);
}

export function conceptText(concept: unknown): string | undefined {
  if (typeof concept !== 'object' || concept === null) return undefined;
  const { text: label, coding } = concept as CodeableConcept;
  const first = coding?.[0];
  return text(label) ?? text(first?.display) ?? text(first?.code);
}

function quantityText(quantity: Quantity): string | undefined {
  if (quantity.value === undefined) return undefined;
  return join([`${quantity.comparator ?? ''}${quantity.value}`, text(quantity.unit) ?? text(quantity.code)], ' ');
}

/** An Observation's value[x] in one short string. */
export function observationValue(resource: FhirJson): string | undefined {
  const r = resource as Record<string, unknown>;
  if (r.valueQuantity) return quantityText(r.valueQuantity as Quantity);
  if (r.valueCodeableConcept) return conceptText(r.valueCodeableConcept);
  for (const key of ['valueString', 'valueBoolean', 'valueInteger', 'valueDateTime', 'valueTime']) {
    if (r[key] !== undefined) return String(r[key]);
  }
  if (r.dataAbsentReason) return `absent: ${conceptText(r.dataAbsentReason) ?? 'unknown'}`;
  return undefined;
}

const DATE_KEYS = ['effectiveDateTime', 'occurrenceDateTime', 'authoredOn', 'recordedDate', 'onsetDateTime', 'issued', 'started', 'date', 'start', 'created'];
const PERIOD_KEYS = ['effectivePeriod', 'period', 'actualPeriod', 'occurrencePeriod', 'onsetPeriod'];

/** The date a person would call "when" for the resource, if it has one. */
export function clinicalDate(resource: FhirJson): string | undefined {
  const r = resource as Record<string, unknown>;
  for (const key of DATE_KEYS) if (text(r[key])) return text(r[key]);
  for (const key of PERIOD_KEYS) {
    const period = r[key] as Period | undefined;
    if (period && (text(period.start) ?? text(period.end))) return text(period.start) ?? text(period.end);
  }
  return undefined;
}

const statusOf = (resource: FhirJson): string | undefined => text(resource.status) ?? conceptText(resource.clinicalStatus);

/** One line that tells resources of a type apart in the results table. */
export function summaryOf(resource: FhirJson): string {
  switch (resource.resourceType) {
    case 'Patient':
      return join([nameText(resource.name) ?? 'no name', text(resource.birthDate), text(resource.gender)]);
    case 'Observation':
      return join([conceptText(resource.code) ?? 'no code', observationValue(resource), clinicalDate(resource)]);
    case 'Practitioner':
      return join([nameText(resource.name) ?? 'no name', resource.active === false ? 'inactive' : undefined]);
    case 'Organization':
      return join([text(resource.name) ?? 'no name', resource.active === false ? 'inactive' : undefined]);
    default:
      return join([resource.resourceType, conceptText(resource.code), statusOf(resource), clinicalDate(resource)]);
  }
}
