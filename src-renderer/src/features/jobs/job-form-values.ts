import type { IntegrationJob } from '@contract/integration-jobs';
import type { ApiInput, FieldErrors } from '../../api/client';

export interface JobFormValues {
  name: string;
  kind: string;
  /** Blank: the job runs only when asked. */
  schedule: string;
  timeZone: string;
  overlap: 'skip' | 'queue';
  catchUp: 'run-once' | 'skip';
  /** The kind's settings as JSON text. */
  config: string;
  enabled: boolean;
}

export function jobValuesOf(job: IntegrationJob | null, defaultTimeZone: string): JobFormValues {
  return {
    name: job?.name ?? '',
    kind: job?.kind ?? '',
    schedule: job?.schedule ?? '',
    timeZone: job?.timeZone ?? defaultTimeZone,
    overlap: job?.overlap ?? 'skip',
    catchUp: job?.catchUp ?? 'run-once',
    config: JSON.stringify(job?.config ?? {}, null, 2),
    enabled: job?.enabled ?? true,
  };
}

/** The config text as an object, or why it is not one. */
export function parseConfig(text: string): { ok: true; config: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, config: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: 'Settings must be a JSON object, such as { "keepDays": 7 }' };
    return { ok: true, config: value as Record<string, unknown> };
  } catch {
    return { ok: false, error: 'Settings are not valid JSON' };
  }
}

const common = (values: JobFormValues, config: Record<string, unknown>) => ({
  name: values.name.trim(),
  schedule: values.schedule.trim() === '' ? null : values.schedule.trim(),
  timeZone: values.timeZone.trim(),
  overlap: values.overlap,
  catchUp: values.catchUp,
  config,
  enabled: values.enabled,
});

export const toCreateJob = (values: JobFormValues, config: Record<string, unknown>): ApiInput<'integrationJobs.create'> => ({ ...common(values, config), kind: values.kind });
export const toUpdateJob = (values: JobFormValues, config: Record<string, unknown>, stored: IntegrationJob): ApiInput<'integrationJobs.update'> => ({ id: stored.id, version: stored.version, ...common(values, config) });

const formFields: Record<string, keyof JobFormValues> = { name: 'name', kind: 'kind', schedule: 'schedule', timeZone: 'timeZone', overlap: 'overlap', catchUp: 'catchUp', config: 'config', enabled: 'enabled' };

/** The engine's 422 field messages on the inputs they name (`config.keepDays` → Settings, with its path); the rest for an alert. */
export function placeJobErrors(fields: FieldErrors): { errors: Record<string, string>; unplaced: string[] } {
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const [path, messages] of Object.entries(fields)) {
    const [head, ...rest] = path.split('.');
    const field = formFields[head ?? ''];
    const text = rest.length > 0 ? messages.map((m) => `${rest.join('.')}: ${m}`).join('; ') : messages.join('; ');
    if (field) errors[field] = errors[field] ? `${errors[field]}; ${text}` : text;
    else unplaced.push(`${path}: ${messages.join('; ')}`);
  }
  return { errors, unplaced };
}
