import { Cron } from 'croner';
import cronstrue from 'cronstrue';

/** What the cron field shows as it is typed: the schedule in words and its next runs, or why it cannot be read. */
export type SchedulePreview = { words: string; next: Date[] } | { error: string } | null;

/** Null for an empty field (the job runs only when asked). `from` is now, passed in so tests can fix it. */
export function previewSchedule(expression: string, timeZone: string, from: Date, count = 3): SchedulePreview {
  const trimmed = expression.trim();
  if (trimmed === '') return null;
  let words: string;
  try {
    words = cronstrue.toString(trimmed, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch (error) {
    return { error: typeof error === 'string' ? error : error instanceof Error ? error.message : 'Not a cron expression' };
  }
  try {
    const next = new Cron(trimmed, { paused: true, timezone: timeZone }).nextRuns(count, from);
    if (next.length === 0) return { error: 'This schedule never runs' };
    return { words, next };
  } catch (error) {
    return { error: error instanceof Error ? error.message.replace(/^Cron\w*: /, '') : 'Not a cron expression' };
  }
}

/** "Every 15 minutes" for a job's list row; the expression itself when it cannot be put in words. */
export function scheduleInWords(expression: string | null): string {
  if (expression === null) return 'Only when run by hand';
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return expression;
  }
}
