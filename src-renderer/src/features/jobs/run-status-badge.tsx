import type { IntegrationRunStatus } from '@contract/integration-jobs';
import { Badge } from '@mantine/core';

const colors: Record<IntegrationRunStatus, string> = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red', interrupted: 'orange' };

export function RunStatusBadge({ status }: { status: IntegrationRunStatus }) {
  return (
    <Badge size="sm" variant="light" color={colors[status]} tt="none" data-testid="run-status">
      {status}
    </Badge>
  );
}
