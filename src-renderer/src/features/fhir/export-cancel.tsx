import type { FhirExportJob } from '@contract/fhir-exports';
import { Button } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { isRunning } from './fhir-export-format';
import { ConfirmModal } from '../../components/confirm-modal';

/** Cancel for a running export, Delete for a finished one: both remove the job and its files. */
export function ExportCancel({ job }: { job: FhirExportJob }) {
  const [confirming, setConfirming] = useState(false);
  const cancel = useApiMutation('fhirExports.cancel');
  const running = isRunning(job);
  const verb = running ? 'Cancel' : 'Delete';
  const close = () => setConfirming(false);
  const confirm = () =>
    cancel.mutate(
      { id: job.id },
      {
        onSuccess: () => notifySuccess(running ? 'Export cancelled' : 'Export deleted'),
        onError: (error) => notifyError(`Could not ${verb.toLowerCase()} the export`, error.message),
        onSettled: close,
      },
    );

  return (
    <>
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="export-cancel">
        {verb}
      </Button>
      {confirming && (
        <ConfirmModal
          title={running ? 'Cancel export' : 'Delete export'}
          confirmLabel={running ? 'Cancel export' : 'Delete export'}
          cancelLabel="Keep it"
          busy={cancel.isPending}
          onConfirm={confirm}
          onClose={close}
          confirmTestId="export-cancel-confirm"
        >
            {running ? 'Stop this export? The files written so far are removed.' : 'Delete this export and its files? Their download links stop working.'}
        </ConfirmModal>
      )}
    </>
  );
}
