import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { ApiError } from '../../api/client';
import { errorText } from './fhir-outcome';

export function showFhirError(title: string, error: ApiError, id?: string): void {
  notifications.show({
    id,
    color: 'red',
    title,
    message: (
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {errorText(error.message, error.details)}
      </Text>
    ),
    autoClose: 8_000,
  });
}

/** A failed FHIR query as a red notification with its OperationOutcome's text; the fixed id keeps it to one. */
export function useFhirErrorNotification(id: string, title: string, error: ApiError | null): void {
  useEffect(() => {
    if (error) showFhirError(title, error, id);
  }, [id, title, error]);
}
