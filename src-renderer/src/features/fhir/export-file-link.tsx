import type { FhirExportFile } from '@contract/fhir-exports';
import { Anchor, Loader, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { useApiClient } from '../../api/query-hooks';
import { notifyError } from '../../components/notify';
import { saveBlob } from '../../components/save-blob';
import { exportFileName } from './fhir-export-format';

const label = (file: FhirExportFile) => (
  <>
    {file.type}{' '}
    <Text span size="xs" c="dimmed">
      ({file.count})
    </Text>
  </>
);

/**
 * One NDJSON file of an export. The download goes through the API client so a console that needs an access
 * token sends it; over IPC there is no HTTP server to download from, so the count is shown without a link.
 */
export function ExportFileLink({ jobId, file }: { jobId: string; file: FhirExportFile }) {
  const client = useApiClient();
  const [busy, setBusy] = useState(false);
  const { url } = file;
  const fetchFile = client.fetchFile;
  const attributes = { 'data-testid': 'export-file', 'data-type': file.type, 'data-count': file.count };

  if (url === null) {
    return (
      <Text size="sm" {...attributes}>
        {label(file)}
      </Text>
    );
  }
  if (!fetchFile) {
    return (
      <Tooltip label={`Download from the browser console or GET ${url} on the engine's HTTP port`}>
        <Text size="sm" {...attributes}>
          {label(file)}
        </Text>
      </Tooltip>
    );
  }
  const name = exportFileName(jobId, file.type);
  const download = () => {
    setBusy(true);
    fetchFile(url)
      .then((blob) => saveBlob(blob, name))
      .catch((error: unknown) => notifyError(`Could not download ${name}`, error instanceof Error ? error.message : String(error)))
      .finally(() => setBusy(false));
  };
  return (
    <Anchor
      size="sm"
      href={url}
      download={name}
      onClick={(event) => {
        event.preventDefault();
        if (!busy) download();
      }}
      {...attributes}
    >
      {label(file)}
      {busy && <Loader size={10} ml={4} aria-label="Downloading" />}
    </Anchor>
  );
}
