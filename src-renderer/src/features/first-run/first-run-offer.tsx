import { Alert, Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query-hooks';
import { dismissFirstRun, isFirstRunDismissed, offersFirstRun } from './first-run-dismissal';

/** On the dashboard of an engine without connectors: an offer to set the first one up, until dismissed. */
export function FirstRunOffer() {
  const [dismissed, setDismissed] = useState(isFirstRunDismissed);
  const connectors = useApiQuery('connectors.list', { pageSize: 1 });
  if (!offersFirstRun(connectors.data?.total, dismissed)) return null;
  return (
    <Alert color="blue" mb="md" title="Set up this engine" data-testid="first-run-offer">
      <Text size="sm" mb="xs">
        No connectors yet. The setup wizard shows where the data is kept, creates a first inbound connector from a template, sends it a test message and shows it arriving.
      </Text>
      <Group gap="xs">
        <Button component={Link} to="/first-run" size="xs">
          Start setup
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            dismissFirstRun();
            setDismissed(true);
          }}
        >
          Dismiss
        </Button>
      </Group>
    </Alert>
  );
}
