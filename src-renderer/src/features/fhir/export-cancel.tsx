import type { FhirExportJob } from '@contract/fhir-exports';
import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation } from '../../api/query-hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { isRunning } from './fhir-export-format';

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
        <Modal opened onClose={close} title={running ? 'Cancel export' : 'Delete export'} size="sm" centered>
          <Text size="sm" mb="md">
            {running ? 'Stop this export? The files written so far are removed.' : 'Delete this export and its files? Their download links stop working.'}
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={confirm} data-testid="export-cancel-confirm">
              {running ? 'Cancel export' : 'Delete export'}
            </Button>
          </Group>
        </Modal>
      )}
    </>
  );
}
