import { Button } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { notifyError } from './notify';

/** A small button that runs a download, busy while it runs; a failure is a notification titled `failure`. */
export function DownloadButton({ download, failure, children }: { download: () => Promise<void>; failure: string; children: ReactNode }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      size="xs"
      loading={busy}
      onClick={() => {
        setBusy(true);
        download()
          .catch((error: unknown) => notifyError(failure, error instanceof Error ? error.message : String(error)))
          .finally(() => setBusy(false));
      }}
    >
      {children}
    </Button>
  );
}
