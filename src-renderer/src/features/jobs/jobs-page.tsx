import { PlannedPage } from '../../components/planned-page';

export function JobsPage() {
  return (
    <PlannedPage
      title="Jobs"
      summary="Scheduled integration jobs and the record of each run."
      features={[
        'Jobs with their kind (FHIR pull sync, bulk $export, import and export batches, health-check sweep, retention), cron schedule, next run and last result',
        'Run history: start and end time, duration, records read, written and failed',
        'Per-run logs and errors, with the failed records of import batches',
        'Run now, enable and disable, and edit a job’s schedule and settings',
      ]}
    />
  );
}
