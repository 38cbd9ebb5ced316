import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { ApiError } from '../api/client';

/**
 * Shows a query's failure as a red notification. Live refetches fail again every few hundred ms while
 * the engine is down, so a fixed id keeps it to one notification per failure message.
 */
export function useErrorNotification(id: string, title: string, error: ApiError | null): void {
  const message = error?.message;
  useEffect(() => {
    if (message !== undefined) notifications.show({ id, color: 'red', title, message, autoClose: 8_000 });
  }, [id, title, message]);
}
