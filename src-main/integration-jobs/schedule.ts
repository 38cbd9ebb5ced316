import { Cron } from 'croner';

export type OverlapPolicy = 'skip' | 'queue';
export type CatchUpPolicy = 'run-once' | 'skip';

/** Why a cron expression or time zone cannot be used, by field; empty when both are good. */
export function scheduleProblems(schedule: string, timeZone: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    problems.push({ path: 'timeZone', message: `${timeZone} is not an IANA time zone (such as Europe/Berlin or UTC)` });
  }
  try {
    const cron = new Cron(schedule, { paused: true, ...(problems.length === 0 ? { timezone: timeZone } : {}) });
    if (cron.nextRun(new Date(0)) === null) problems.push({ path: 'schedule', message: 'never runs' });
  } catch (error) {
    problems.push({ path: 'schedule', message: `is not a cron expression: ${error instanceof Error ? error.message.replace(/^CronPattern: /, '') : 'unreadable'}` });
  }
  return problems;
}

/** The first time after `after` (epoch ms) the schedule fires in its time zone; null when it never fires again. */
export function nextRunAfter(schedule: string, timeZone: string, after: number): number | null {
  const next = new Cron(schedule, { paused: true, timezone: timeZone }).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

/** What the scheduler does with a job whose next run is due. */
export type DueAction = { start: 'schedule' | 'catch-up' } | { skip: 'overlap' | 'missed' } | { queueBehind: true };

export interface DueJob {
  nextRunAt: number;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
}

/**
 * A due time more than `lateAfterMs` ago was missed (the engine was off or the machine slept): the catch-up
 * policy runs it once now or skips it. A due time with a run of the job still going follows the overlap policy.
 */
export function dueAction(job: DueJob, now: number, running: boolean, lateAfterMs: number): DueAction {
  const missed = now - job.nextRunAt > lateAfterMs;
  if (missed && job.catchUp === 'skip') return { skip: 'missed' };
  if (running) return job.overlap === 'queue' ? { queueBehind: true } : { skip: 'overlap' };
  return { start: missed ? 'catch-up' : 'schedule' };
}
