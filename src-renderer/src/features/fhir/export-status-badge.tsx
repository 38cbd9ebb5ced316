import type { FhirExportStatus } from '@contract/fhir-exports';
import { Badge } from '@mantine/core';

const statusUi: Record<FhirExportStatus, { color: string; label: string }> = {
  accepted: { color: 'gray', label: 'queued' },
  'in-progress': { color: 'blue', label: 'running' },
  complete: { color: 'green', label: 'complete' },
  failed: { color: 'red', label: 'failed' },
};

export function ExportStatusBadge({ status }: { status: FhirExportStatus }) {
  return (
    <Badge color={statusUi[status].color} variant="light" size="sm" miw="max-content" data-testid="export-status">
      {statusUi[status].label}
    </Badge>
  );
}
