import type { FhirExportJob, FhirExportLevel } from '@contract/fhir-exports';

export const levelLabels: Record<FhirExportLevel, string> = { system: 'System', patient: 'Patient', group: 'Group' };

export const isRunning = (job: Pick<FhirExportJob, 'status'>): boolean => job.status === 'accepted' || job.status === 'in-progress';

/** Whole percent written of what the export planned; 0 until it has counted its resources. */
export function progressPercent({ progress, total }: Pick<FhirExportJob, 'progress' | 'total'>): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((progress / total) * 100));
}

/** What an export takes, in one line: level (and group), `_type`, `_since`. */
export function scopeText(job: Pick<FhirExportJob, 'level' | 'groupId' | 'types' | 'since'>, formatTime: (iso: string) => string): string {
  const level = job.level === 'group' ? `Group/${job.groupId ?? ''}` : levelLabels[job.level];
  const types = job.types && job.types.length > 0 ? job.types.join(', ') : 'all types';
  return [level, types, job.since ? `since ${formatTime(job.since)}` : null].filter(Boolean).join(' · ');
}

/** A date field's `YYYY-MM-DD` as the instant the day starts in local time, or undefined when empty or invalid. */
export function sinceInstant(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const start = new Date(`${date}T00:00:00`);
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

export const exportFileName = (jobId: string, type: string): string => `${jobId}-${type}.ndjson`;
