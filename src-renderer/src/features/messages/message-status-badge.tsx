import type { Hl7MessageStatus } from '@contract/messages';
import { Badge } from '@mantine/core';
import { statusLabels, statusStyles } from './message-status';

export function MessageStatusBadge({ status }: { status: Hl7MessageStatus }) {
  return (
    <Badge {...statusStyles[status]} size="sm" data-testid="message-status" data-status={status}>
      {statusLabels[status]}
    </Badge>
  );
}
