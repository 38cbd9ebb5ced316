import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { DATE_TYPES, isComplex, mayHoldDates, planOf } from './binding-plan';

const DAY_OF = /^(\d{4})-(\d{2})-(\d{2})/;

/** Whether the `YYYY-MM-DD` a date, dateTime or instant starts with (if it has a day) is a day of the calendar. */
function onTheCalendar(value: string): boolean {
  const found = DAY_OF.exec(value);
  if (!found) return true;
  const [year, month, day] = [Number(found[1]), Number(found[2]), Number(found[3])];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

function walk(object: Record<string, unknown>, type: string, path: string, issues: OperationOutcomeIssue[]): void {
  const own = type === 'Resource' && typeof object.resourceType === 'string' ? object.resourceType : type;
  for (const field of planOf(own)) {
    const value = object[field.key];
    if (value === undefined || value === null) continue;
    const many = Array.isArray(value);
    (many ? value : [value]).forEach((item: unknown, i) => {
      const at = `${path}.${field.element}${many ? `[${i}]` : ''}`;
      if (DATE_TYPES.has(field.type) && typeof item === 'string' && !onTheCalendar(item)) {
        issues.push({ severity: 'error', code: 'value', diagnostics: `${at} is not a date of the calendar (a day its month does not have; R4 dates SHALL be valid dates)`, expression: [at] });
      }
      if (isComplex(field.type) && typeof item === 'object' && item !== null && mayHoldDates(field.type)) walk(item as Record<string, unknown>, field.type, at, issues);
    });
  }
}

/**
 * Dates the R4 regular expressions let through but the calendar does not have (`1970-02-30`, `2023-04-31`,
 * `2023-02-29`): every date, dateTime and instant of a structurally valid resource, contained and
 * Bundle-held resources included, walked along the base definitions' plan (binding-plan.ts).
 */
export function calendarDateIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  walk(resource as unknown as Record<string, unknown>, resource.resourceType, resource.resourceType, issues);
  return issues;
}
